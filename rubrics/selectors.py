"""Reads of rubrics and scoresheets, the verdict computed from scores, and who may see what.

Visibility: a published rubric is readable by anyone signed in. A rubric belongs to an owner (a
provider); those who act for its owner (the project's owner resolver, settings.RUBRICS_OWNER_RESOLVER,
says who) and hold `rubrics.change_rubric` (provider associates do) read its drafts and edit, version
and publish it; the site admin edits every rubric. A scoresheet is seen by its reviewer; in a blind
review the other reviewer's sheet only once both are final; adjudicators (`rubrics.adjudicate_review`)
see both sheets of a review that awaits them. The agreement report covers only the reviews whose scope
the reader holds (settings.RUBRICS_SCOPE_RESOLVER) of a rubric whose owner they act for, or that they
scored themselves.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string

from .models import Criterion, Descriptor, Review, Rubric, RubricVersion, Score, Scoresheet

EDIT_PERM = "rubrics.change_rubric"
ADJUDICATE_PERM = "rubrics.adjudicate_review"
REPORT_PERM = "rubrics.view_agreement"


def rubric_owners(user) -> dict[str, str]:
    """The owners this user edits rubrics for, each with its name (from the project's resolver);
    empty for anyone without the editing permission."""
    if not (user.is_authenticated and user.has_perm(EDIT_PERM)):
        return {}
    return import_string(settings.RUBRICS_OWNER_RESOLVER)(user)


def can_create_rubrics(user) -> bool:
    """Whether the user may create rubrics: they act for an owner at least (or are site admin)."""
    return user.is_authenticated and (user.is_superuser or bool(rubric_owners(user)))


def can_edit_rubric(user, rubric: Rubric) -> bool:
    """Whether the user may edit, version and publish this rubric: they act for its owner."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or (bool(rubric.owner) and rubric.owner in rubric_owners(user))


def _adjudication_scope(user) -> Q | None:
    """The reviews this user may adjudicate, beyond their own, as a filter; None when none. The
    project's scope resolver (settings.RUBRICS_SCOPE_RESOLVER) says which scopes the user holds."""
    if not user.has_perm(ADJUDICATE_PERM):
        return None
    scopes = import_string(settings.RUBRICS_SCOPE_RESOLVER)(user)
    if scopes is None:
        return Q()
    if not scopes:
        return None
    return Q(scope__in=scopes)


def may_adjudicate(user, review: Review) -> bool:
    if review.subject_user_id is not None and review.subject_user_id == user.pk:
        return False  # nobody decides a review of their own work
    scope = _adjudication_scope(user)
    return scope is not None and Review.objects.filter(scope, pk=review.pk).exists()


# --- definitions -------------------------------------------------------------------------------


def versions_visible_to(user) -> QuerySet[RubricVersion]:
    """Published versions to anyone signed in; drafts only to those who edit their rubric."""
    if not user.is_authenticated:
        return RubricVersion.objects.none()
    if user.is_superuser:
        return RubricVersion.objects.all()
    visible = Q(status=RubricVersion.Status.PUBLISHED)
    owners = rubric_owners(user)
    if owners:
        visible |= Q(rubric__owner__in=list(owners))
    return RubricVersion.objects.filter(visible)


def rubrics_visible_to(user) -> QuerySet[Rubric]:
    return Rubric.objects.filter(Exists(versions_visible_to(user).filter(rubric=OuterRef("pk"))))


def rubric_list(user) -> QuerySet[Rubric]:
    return (
        rubrics_visible_to(user)
        .prefetch_related(
            Prefetch("versions", queryset=versions_visible_to(user).order_by("-number"))
        )
        .order_by("name", "pk")
    )


def get_rubric_for_user(user, pk, *, write=False) -> Rubric:
    """404 for a rubric the user cannot read (another owner's that has only a draft); 403 for a
    write to one they read but do not edit (another owner's published rubric)."""
    rubric = get_object_or_404(rubrics_visible_to(user), pk=pk)
    if write and not can_edit_rubric(user, rubric):
        raise PermissionDenied("Only the associates of the rubric's provider may change it.")
    return rubric


def get_version_for_user(user, pk, *, write=False) -> RubricVersion:
    """As get_rubric_for_user: another owner's draft is 404, a write to their published one 403."""
    version = get_object_or_404(versions_visible_to(user).select_related("rubric"), pk=pk)
    if write and not can_edit_rubric(user, version.rubric):
        raise PermissionDenied("Only the associates of the rubric's provider may change it.")
    return version


@dataclass
class Grid:
    """A version laid out for a page: levels in order, and domains with their criteria, each
    criterion with its descriptors in level order. Four queries, whatever the size."""

    version: RubricVersion
    levels: list
    domains: list = field(default_factory=list)

    @property
    def criteria(self):
        return [c for d in self.domains for c in d.grid_criteria]

    @property
    def max_total(self):
        return max((lv.points for lv in self.levels), default=0) * len(self.criteria)


def version_grid(version: RubricVersion) -> Grid:
    levels = list(version.levels.order_by("position", "points"))
    descriptors = {
        (d.criterion_id, d.level_id): d
        for d in Descriptor.objects.filter(criterion__version=version)
    }
    domains = list(
        version.domains.order_by("position", "pk").prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk"))
        )
    )
    for domain in domains:
        domain.grid_criteria = list(domain.criteria.all())
        for criterion in domain.grid_criteria:
            criterion.cells = [
                (level, descriptors.get((criterion.pk, level.pk))) for level in levels
            ]
    return Grid(version=version, levels=levels, domains=domains)


# --- scoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    total: int
    complete: bool
    passed: bool | None  # None while incomplete
    reasons: tuple[str, ...]


def sheet_result(sheet: Scoresheet, scores=None) -> Result:
    """The total and the verdict of a sheet under its version's passing rule, with the reasons it
    does not pass. Pass `scores` (with `level` and `criterion` loaded) to avoid a query."""
    version = sheet.review.version
    if scores is None:
        scores = list(sheet.scores.select_related("level", "criterion"))
    total = sum(s.level.points for s in scores if s.level_id)
    missing = [s for s in scores if not s.level_id]
    if missing:
        return Result(total, False, None, (f"{len(missing)} criteria not scored yet",))
    reasons = []
    if version.passing_total is not None and total < version.passing_total:
        reasons.append(f"Total {total} is below the minimum of {version.passing_total}.")
    if version.passing_level_each is not None:
        for s in scores:
            if s.level.points < version.passing_level_each:
                reasons.append(
                    f"“{s.criterion.text[:60]}” scored {s.level.points}, below the minimum of "
                    f"{version.passing_level_each} on every criterion."
                )
    return Result(total, True, not reasons, tuple(reasons))


def sheets_visible_to(user) -> QuerySet[Scoresheet]:
    if not user.is_authenticated:
        return Scoresheet.objects.none()
    if user.is_superuser:
        return Scoresheet.objects.all()
    open_sheets = Scoresheet.objects.filter(
        review=OuterRef("review"), status=Scoresheet.Status.DRAFT
    )
    mine = Scoresheet.objects.filter(reviewer=user)
    visible = Q(reviewer=user) | Q(
        review__in=mine.values("review"), status=Scoresheet.Status.FINAL
    ) & ~Exists(open_sheets)
    scope = _adjudication_scope(user)
    if scope is not None:
        awaiting = Review.objects.filter(scope).filter(
            Q(status=Review.Status.NEEDS_ADJUDICATION) | Q(decided_by=user)
        )
        visible |= Q(review__in=awaiting.values("pk"))
    return Scoresheet.objects.filter(visible)


def reviews_visible_to(user) -> QuerySet[Review]:
    if not user.is_authenticated:
        return Review.objects.none()
    if user.is_superuser:
        return Review.objects.all()
    visible = Review.objects.filter(sheets__reviewer=user).values("pk")
    scope = _adjudication_scope(user)
    if scope is None:
        return Review.objects.filter(pk__in=visible)
    awaiting = Review.objects.filter(scope).filter(
        Q(status=Review.Status.NEEDS_ADJUDICATION) | Q(decided_by=user)
    )
    return Review.objects.filter(Q(pk__in=visible) | Q(pk__in=awaiting.values("pk")))


def get_sheet_for_scoring(user, pk) -> Scoresheet:
    """The user's own sheet: nobody else scores on it (404 for anyone else)."""
    return get_object_or_404(
        Scoresheet.objects.filter(reviewer=user).select_related("review__version__rubric"), pk=pk
    )


def get_review_for_user(user, pk) -> Review:
    return get_object_or_404(reviews_visible_to(user).select_related("version__rubric"), pk=pk)


def sheet_scores(sheet: Scoresheet) -> dict[int, Score]:
    return {s.criterion_id: s for s in sheet.scores.select_related("level", "criterion")}


def review_sheets(review: Review, user) -> list[tuple[Scoresheet, Result | None, bool]]:
    """The review's sheets, each with its result and whether this user may read it."""
    visible_ids = set(sheets_visible_to(user).filter(review=review).values_list("pk", flat=True))
    sheets = review.sheets.select_related("reviewer").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("level", "criterion"))
    )
    out = []
    for sheet in sheets:
        sheet.review = review
        can_read = sheet.pk in visible_ids
        result = sheet_result(sheet, list(sheet.scores.all())) if can_read else None
        out.append((sheet, result, can_read))
    return out


def my_sheets(user) -> QuerySet[Scoresheet]:
    return (
        Scoresheet.objects.filter(reviewer=user)
        .select_related("review__version__rubric")
        .order_by("status", "-created_at", "-pk")
    )


def with_totals(sheets: QuerySet[Scoresheet]) -> QuerySet[Scoresheet]:
    """Each sheet with how many criteria it scores (`scored`) and its total points (`total`),
    in the query itself: "My scoring"'s export, one row a sheet."""
    return sheets.annotate(
        scored=Count("scores", filter=Q(scores__level__isnull=False)),
        total=Coalesce(Sum("scores__level__points"), 0),
    )


def reviews_awaiting_adjudication(user) -> QuerySet[Review]:
    scope = _adjudication_scope(user)
    if scope is None:
        return Review.objects.none()
    return (
        Review.objects.filter(scope, status=Review.Status.NEEDS_ADJUDICATION)
        .exclude(sheets__reviewer=user)
        .select_related("version__rubric")
        .order_by("created_at")
    )


def domain_levels_over_time(reviews) -> list[dict]:
    """For final single reviews, each domain's mean points per review, in date order:
    [{"review": r, "date": d, "domains": {domain name: mean points}}]. Two queries."""
    reviews = list(reviews)
    scores = Score.objects.filter(
        sheet__review__in=reviews, sheet__status=Scoresheet.Status.FINAL
    ).values("sheet__review_id", "criterion__domain__name", "level__points")
    sums: dict[int, dict[str, list[int]]] = {}
    for row in scores:
        bucket = sums.setdefault(row["sheet__review_id"], {}).setdefault(
            row["criterion__domain__name"], []
        )
        if row["level__points"] is not None:
            bucket.append(row["level__points"])
    out = []
    for review in reviews:
        domains = {
            name: round(sum(points) / len(points), 2)
            for name, points in sums.get(review.pk, {}).items()
            if points
        }
        out.append({"review": review, "domains": domains})
    return out


# --- calibration -------------------------------------------------------------------------------


@dataclass
class AgreementRow:
    label: str
    stats: object  # agreement.Agreement


def _reported_scope(user) -> tuple[Q | None, tuple]:
    """What the agreement figures may cover for this user, beyond the reviews they scored: the
    reviews whose scope they hold (settings.RUBRICS_SCOPE_RESOLVER) of a rubric whose owner they
    act for (settings.RUBRICS_OWNER_RESOLVER), or of a rubric of no owner. A scope alone is not
    enough: a district enrolled in two providers' programs is in both providers' associates'
    scopes, and one provider's figures are not the other's to read. As a filter on a Review (or a
    ScorePair: both reach the rubric through `version`), with the parts that make it up for a
    cache key. (None, ()) means every review: the site admin."""
    scopes = import_string(settings.RUBRICS_SCOPE_RESOLVER)(user)
    if scopes is None:
        return None, ()
    owners = sorted(import_string(settings.RUBRICS_OWNER_RESOLVER)(user))
    held = Q(scope__in=scopes) & (
        Q(version__rubric__owner="") | Q(version__rubric__owner__in=owners)
    )
    return held, (sorted(scopes), owners)


def reviews_reported_to(user) -> QuerySet[Review]:
    """The reviews the agreement report may cover for this user: those they scored, and those of
    their scopes of the rubrics they act for (`_reported_scope`); every one for the site admin."""
    if not user.is_authenticated:
        return Review.objects.none()
    held, _ = _reported_scope(user)
    if held is None:  # every scope: the site admin
        return Review.objects.all()
    own = Q(pk__in=Scoresheet.objects.filter(reviewer=user).values("review_id"))
    return Review.objects.filter(own | held)


def _pairs_reported_to(user, rows) -> tuple:
    """`rows` (ScorePair) filtered as `reviews_reported_to` filters reviews, and the key parts of
    the reader's scope."""
    if not user.is_authenticated:
        return rows.none(), ("nobody",)
    held, parts = _reported_scope(user)
    if held is None:
        return rows, ("everything",)
    return rows.filter(held | Q(reviewer_a=user) | Q(reviewer_b=user)), parts


def agreement_report(*, user, version: RubricVersion, start=None, end=None) -> dict:
    """Agreement between the two reviewers of every blind review of `version` reported to `user`
    (see reviews_reported_to) whose sheets are both final, the second finalised within [start, end]
    (dates, inclusive): per reviewer pair (over all criteria of their common reviews) and per
    criterion. Levels are compared by rank.

    The figures come from ScorePair, one row per criterion of each complete blind review, written
    once by the review's one writer when its second sheet is final (services.score_pairs_record).
    Scores never change after, so the rows need no invalidation. The database counts them: one
    GROUP BY per table of the report, over this version's rows in the period (an index), filtered
    by the reader's scope exactly as reviews_reported_to is: the scopes the resolver gives them
    (of the rubrics whose owner they act for), or a pair they are one of (the reviews they
    scored); every row for the site admin. Python turns the counts into statistics
    (agreement_from_counts): no score is loaded. Five queries, and the scope and owner
    resolvers', whatever the number of scores.

    The result is cached (settings.RUBRICS_AGREEMENT_CACHE_SECONDS) under a key made of the
    version, the period, the reader, the scopes and owners they hold now, and the newest ScorePair row of
    the version: a finalisation that completes a review writes a newer row, so the next request
    misses and counts again, in whichever process; rows are never changed or deleted (a review
    with sheets cannot be deleted). What the key cannot see, a reviewer renamed, lasts until the
    timeout. A hit costs one indexed query and the scope resolver's."""
    from .models import ScorePair

    rows, reader = _pairs_reported_to(user, ScorePair.objects.filter(version=version).order_by())
    newest = ScorePair.objects.filter(version=version).aggregate(m=Max("pk"))["m"]
    key = hashlib.sha256(
        repr((version.pk, newest, start, end, user.pk, reader)).encode()
    ).hexdigest()
    key = f"rubrics:agreement:{key}"
    report = cache.get(key)
    if report is None:
        report = _agreement_figures(rows, version, start=start, end=end)
        cache.set(key, report, settings.RUBRICS_AGREEMENT_CACHE_SECONDS)
    return report


def _agreement_figures(rows, version, *, start, end) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from .agreement import agreement_from_counts

    if start:
        rows = rows.filter(completed_on__gte=start)
    if end:
        rows = rows.filter(completed_on__lte=end)
    per_pair: dict[tuple[int, int], dict] = {}
    for row in rows.values("reviewer_a", "reviewer_b", "level_a", "level_b").annotate(
        n=Count("pk")
    ):
        cells = per_pair.setdefault((row["reviewer_a"], row["reviewer_b"]), {})
        cells[row["level_a"], row["level_b"]] = row["n"]
    per_criterion: dict[int, dict] = {}
    for row in rows.values("criterion", "level_a", "level_b").annotate(n=Count("pk")):
        per_criterion.setdefault(row["criterion"], {})[row["level_a"], row["level_b"]] = row["n"]
    # Each complete review has one row per criterion of its version (every criterion is scored
    # before a sheet is final): a criterion's count is the number of reviews.
    reviews = max((sum(cells.values()) for cells in per_criterion.values()), default=0)
    categories = max(version.levels.count(), 2)
    users = get_user_model().objects.in_bulk({u for pair in per_pair for u in pair})
    criteria = version.criteria.select_related("domain").order_by("domain__position", "position")
    return {
        "reviews": reviews,
        "pairs": [
            AgreementRow(
                f"{users[a]} & {users[b]}", agreement_from_counts(cells, categories=categories)
            )
            for (a, b), cells in sorted(per_pair.items())
        ],
        "criteria": [
            AgreementRow(
                c.text, agreement_from_counts(per_criterion.get(c.pk, {}), categories=categories)
            )
            for c in criteria
        ],
    }


def agreement_report_recount(*, user, version: RubricVersion, start=None, end=None) -> dict:
    """`agreement_report` recomputed from every score, in Python: what the report computed on each
    request before the ScorePair rows, kept as the figure they must equal (tested)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from .agreement import agreement

    reviews = (
        reviews_reported_to(user)
        .filter(version=version, blind=True)
        .annotate(last_final=Max("sheets__finalized_at"))
        .exclude(sheets__status=Scoresheet.Status.DRAFT)
    )
    if start:
        reviews = reviews.filter(last_final__date__gte=start)
    if end:
        reviews = reviews.filter(last_final__date__lte=end)
    rank = {
        pk: i for i, pk in enumerate(version.levels.order_by("points").values_list("pk", flat=True))
    }
    rows = Score.objects.filter(sheet__review__in=reviews.values("pk")).values_list(
        "sheet__review_id", "sheet__reviewer_id", "criterion_id", "level_id"
    )
    by_review: dict[int, dict[int, dict[int, int]]] = {}
    for review_id, reviewer_id, criterion_id, level_id in rows:
        by_review.setdefault(review_id, {}).setdefault(reviewer_id, {})[criterion_id] = rank[
            level_id
        ]
    per_pair: dict[tuple[int, int], list] = {}
    per_criterion: dict[int, list] = {}
    for sheets in by_review.values():
        if len(sheets) != 2:
            continue
        (a, scores_a), (b, scores_b) = sorted(sheets.items())
        for criterion_id, level_a in scores_a.items():
            pair = (level_a, scores_b[criterion_id])
            per_pair.setdefault((a, b), []).append(pair)
            per_criterion.setdefault(criterion_id, []).append(pair)
    categories = max(len(rank), 2)
    users = get_user_model().objects.in_bulk({u for pair in per_pair for u in pair})
    criteria = version.criteria.select_related("domain").order_by("domain__position", "position")
    return {
        "reviews": len(by_review),
        "pairs": [
            AgreementRow(f"{users[a]} & {users[b]}", agreement(pairs, categories=categories))
            for (a, b), pairs in sorted(per_pair.items())
        ],
        "criteria": [
            AgreementRow(c.text, agreement(per_criterion.get(c.pk, []), categories=categories))
            for c in criteria
        ],
    }


def _quarter(day) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def agreement_by_quarter(*, user, quarters: int = 4, today=None) -> dict:
    """Cohen's kappa between the two reviewers of the blind reviews reported to `user` (scoped as
    `agreement_report` is), per rubric version and per calendar quarter of the last `quarters`,
    so that drift shows: {"quarters": [label, ...], "versions": [(version, [kappa or None, ...])]}.
    Counted from ScorePair rows by the database (one GROUP BY), turned into statistics in Python:
    three queries and the scope resolver's, whatever the number of scores.

    Cached as `agreement_report` is (settings.RUBRICS_AGREEMENT_CACHE_SECONDS), under a key of the
    day, the reader, the scopes and owners they hold now and the newest ScorePair row: a completed review
    writes a newer row, so the next request counts again. A hit costs one indexed query and the
    scope resolver's (every associate's home draws this chart)."""
    import datetime as dt

    from django.utils import timezone

    from .models import ScorePair

    today = today or timezone.localdate()
    starts, first = [], today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1)
    for _ in range(quarters):
        starts.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
        first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    starts.reverse()
    labels = [_quarter(d) for d in starts]
    rows, reader = _pairs_reported_to(
        user, ScorePair.objects.filter(completed_on__gte=starts[0]).order_by()
    )
    newest = ScorePair.objects.aggregate(m=Max("pk"))["m"]
    key = hashlib.sha256(repr((newest, today, quarters, user.pk, reader)).encode()).hexdigest()
    key = f"rubrics:agreement-quarters:{key}"
    found = cache.get(key)
    if found is None:
        found = _agreement_by_quarter(rows, labels)
        cache.set(key, found, settings.RUBRICS_AGREEMENT_CACHE_SECONDS)
    return found


def _agreement_by_quarter(rows, labels) -> dict:
    from .agreement import agreement_from_counts
    from .models import Level

    cells: dict[int, dict[str, dict]] = {}
    for row in rows.values("version", "completed_on", "level_a", "level_b").annotate(n=Count("pk")):
        by_quarter = cells.setdefault(row["version"], {})
        table = by_quarter.setdefault(_quarter(row["completed_on"]), {})
        key = (row["level_a"], row["level_b"])
        table[key] = table.get(key, 0) + row["n"]
    versions = RubricVersion.objects.filter(pk__in=list(cells)).select_related("rubric")
    categories = dict(
        Level.objects.filter(version__in=list(cells))
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
        .values_list("version", "n")
    )
    out = []
    for version in sorted(versions, key=lambda v: (v.rubric.name, v.number)):
        n = max(categories.get(version.pk, 2), 2)
        out.append(
            (
                version,
                [
                    agreement_from_counts(cells[version.pk][label], categories=n).kappa
                    if label in cells[version.pk]
                    else None
                    for label in labels
                ],
            )
        )
    return {"quarters": labels, "versions": out}


def adjudications_waiting(user) -> QuerySet[Review]:
    """What waits for adjudication, for this user: the blind reviews whose two final sheets reach
    different verdicts (status NEEDS_ADJUDICATION, set when the second sheet is final), in a scope
    the user may adjudicate, scored by two others and not of the user's own work (a third reviewer
    decides: services.review_adjudicate); waiting longest first, with their two reviewers."""
    return (
        reviews_awaiting_adjudication(user)
        .exclude(subject_user=user)
        .prefetch_related(
            Prefetch("sheets", queryset=Scoresheet.objects.select_related("reviewer"))
        )
        .order_by("created_at", "pk")
    )
