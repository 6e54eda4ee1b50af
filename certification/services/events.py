"""The one step every change of a candidacy ends with: record the event on the candidate's timeline
and tell the people concerned (zulip's do_* actions), in the caller's transaction."""

from dataclasses import dataclass

from coaching.notifications.services import notify
from coaching.selectors import district_admins

from ..models import Candidacy, CandidacyEvent


@dataclass(frozen=True)
class Tell:
    """A notification about a candidacy: its kind (`Notification.Kind`), what it says, and where it
    leads (the candidacy's page when no `url` is given)."""

    kind: str
    subject: str
    body: str
    url: str = ""


def candidacy_event_record(
    *,
    candidacy: Candidacy,
    kind: str,
    by,
    from_phase: str,
    reason: str = "",
    tell: Tell | None = None,
) -> CandidacyEvent:
    """Record a `CandidacyEvent` (from `from_phase` to the candidacy's phase now, with the reason,
    checked like any typed text) and, with `tell`, notify the candidate and their district's
    admins (`candidacy_tell`)."""
    event = CandidacyEvent(
        candidacy=candidacy,
        kind=kind,
        by=by,
        from_phase=from_phase,
        to_phase=candidacy.phase,
        reason=reason,
    )
    event.full_clean()  # a reason typed by a person holds no student identifier
    event.save()
    if tell is not None:
        candidacy_tell(candidacy=candidacy, by=by, tell=tell)
    return event


def candidacy_tell(*, candidacy: Candidacy, by, tell: Tell) -> None:
    """Notify the candidate (if they have a login) and their district's admins, not the person
    who acted: in the same transaction as the change. On its own only where the event and the
    notice differ: a score (its event is the certificate's, or the repeat's), and a move to Phase
    III that the candidate's own record caused (the actor is told too)."""
    person = candidacy.person
    recipients = [person.user] if person.user_id else []
    recipients += district_admins(person.district_id)
    notify(
        recipients=[u for u in recipients if by is None or u.pk != by.pk],
        kind=tell.kind,
        subject=tell.subject,
        body=tell.body,
        url=tell.url or candidacy.get_absolute_url(),
    )
