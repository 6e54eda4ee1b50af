"""Reads of history (README, "History"): which records' changes each page shows, as
`core.history` sources. The page's own fetch helper decides who reads them; these only say what
belongs to the record. Nothing here holds coaching content: a school, a roster record, an
invitation (never its token's digest) and the domain's log of roles."""

from core.history import Entry, Logged, Tracked

from ..models import Invitation, Person, Program, RoleChange, School


def activity(subject: str) -> dict:
    """`Tracked.said` for a record's `is_active`: "deactivated the school", not "Active: yes → no"."""
    return {
        "is_active": lambda old, new: f"reactivated {subject}" if new else f"deactivated {subject}"
    }


PERSON_SAID = activity("{r.first_name} {r.last_name}") | {
    # Deactivating the person also disables a login that is the district's alone; reactivating
    # re-enables it (services.person_set_active).
    "login_disabled_with_roster": lambda old, new: (
        "disabled their login with it" if new else "re-enabled their login with it"
    ),
    # In the app only sending an invitation gives a person a login (services.invitations): one
    # with no password until the invitation is accepted, which "Login: — → Hannah Brooks" did not
    # say. (The site admin may link one by hand, rarely; a change of login reads as before.)
    "user": lambda old, new: (
        "made a login for the invitation to sign in (no password until it is accepted)"
        if old is None and new is not None
        else None
    ),
}
PERSON_LABELS = {"is_active": "Active", "user": "Login", "school": "School"}
INVITATION_LABELS = {
    "sent_to": "Sent to",
    "user": "Login",
    "invited_by": "Invited by",
    "expires_at": "Works until",
    "used_at": "Accepted",
    "superseded_at": "Replaced or withdrawn",
}


def school_history(school: School) -> list:
    return [
        Tracked(
            School.history.filter(id=school.pk),
            "the school",
            labels={"is_active": "Active"},
            verbs={"+": "added the school"},
            said=activity("the school"),
        )
    ]


def staff_history(person: Person) -> list:
    """The person's roster record, their invitations to sign in and their login's roles (the
    domain's own `RoleChange` log, which the site admin's pages write too)."""
    sources = [
        Tracked(
            Person.history.filter(id=person.pk),
            "the record",
            labels=PERSON_LABELS,
            verbs={"+": "added {r.first_name} {r.last_name} to the roster"},
            said=PERSON_SAID,
        ),
        Tracked(
            Invitation.history.filter(person_id=person.pk),
            "an invitation",
            labels=INVITATION_LABELS,
            verbs={
                "+": "sent an invitation to sign in, to {r.sent_to}",
                "~": "changed the invitation sent to {r.sent_to}",
            },
        ),
    ]
    if person.user_id is not None:
        sources.append(
            Logged(
                RoleChange.objects.filter(user_id=person.user_id).select_related(
                    "program", "district", "school", "by"
                ),
                "at",
                role_entry,
            )
        )
    return sources


def role_entry(change: RoleChange) -> Entry:
    return Entry(
        at=change.at,
        by=change.by,
        summary=f"{change.verb} the role {change.get_role_display().lower()} of {change.scope}",
    )


def program_history(program: Program) -> list[Tracked]:
    """The program's own record (changed by the site admin); certification adds its settings."""
    return [
        Tracked(
            Program.history.filter(id=program.pk),
            "the program",
            labels={"is_active": "Active"},
            verbs={"+": "added the program"},
            said=activity("the program"),
        )
    ]
