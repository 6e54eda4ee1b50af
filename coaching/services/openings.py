"""The access log's one writer (DESIGN.md, "Privacy of coaching"): an opening of a record's
content by someone who is not a party to its engagement. The app's content gate shows content to
the parties alone, so the rows come from the site administration (/admin/), where the site admin
may open any record; any other page that ever shows content to a non-party calls this too."""

from ..models import ContentOpening, Engagement, User
from ..selectors import engagements as engagement_selectors

How = ContentOpening.How


def content_opening_record(
    *, engagement: Engagement | int, by: User, record, how: str = How.ADMIN
) -> ContentOpening | None:
    """Log that `by` opened `record` (a model instance with content) of `engagement`; nothing when
    `by` is a party (the parties read their own records). The label is the record's kind and id
    (its `str()`, which for every content model names no content)."""
    if isinstance(engagement, int):
        engagement = Engagement.objects.get(pk=engagement)
    if engagement_selectors.is_party(by, engagement):
        return None
    return ContentOpening.objects.create(
        engagement=engagement,
        opened_by=by,
        how=how,
        record_type=str(record._meta.verbose_name),
        record_id=record.pk,
        record_label=str(record)[:200],
    )
