"""Reads of the certification pipeline, scoped through coaching's one mechanism."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coaching.models import Enrollment, Person, Program, Registration, TrainingEvent
from coaching.selectors import (
    may_act_for_program,
    programs_visible_to,
    roles_of,
)
from core.queries import any_of
from rubrics.models import RubricVersion, Score

from ..models import (
    Candidacy,
    Certificate,
    CfrVersionChange,
    Facilitation,
    ProgramSettings,
    Submission,
)
from ..schoolyear import Pace, SchoolYear, pace, school_year

Kind = TrainingEvent.Kind
ATTENDED = [Registration.Attendance.ATTENDED, Registration.Attendance.MADE_UP]


def program_settings(program: Program) -> ProgramSettings:
    """The program's pathway rules; the defaults until an associate changes them."""
    found = ProgramSettings.objects.filter(program=program).first()
    return found or ProgramSettings(program=program)


def cfr_version_changes(program: Program) -> QuerySet[CfrVersionChange]:
    """Every switch of the program's CFR version, newest first, for its settings page."""
    return CfrVersionChange.objects.filter(program=program).select_related(
        "from_version__rubric", "to_version__rubric", "by"
    )


def newer_cfr_versions(rules: ProgramSettings) -> QuerySet[RubricVersion]:
    """Published versions of the program's CFR newer than the one it scores on: it may switch."""
    if rules.cfr_version_id is None:
        return RubricVersion.objects.none()
    return RubricVersion.objects.filter(
        rubric_id=rules.cfr_version.rubric_id,
        status=RubricVersion.Status.PUBLISHED,
        number__gt=rules.cfr_version.number,
    ).order_by("-number")


def candidacies_visible_to(user) -> QuerySet[Candidacy]:
    """A district's candidacies to its admins; those of enrolled districts in the programs an
    associate staffs; a coach their own. Each of the three is a query of its own, on its index
    (the person's district, the program, the person's login), and the rows are their UNION
    (`any_of`): an OR across the join to coaching_person made PostgreSQL read every person. The
    district is the candidacy's own column (its person's, kept on the row): the two district
    branches read coaching_candidacy alone."""
    roles = roles_of(user)
    if roles.is_superuser:
        return Candidacy.objects.all()
    if not user.is_authenticated:
        return Candidacy.objects.none()
    branches = [Candidacy.objects.filter(person__user=user)]
    if roles.admin_district_ids:
        branches.append(Candidacy.objects.filter(district_id__in=roles.admin_district_ids))
    if roles.associate_program_ids:
        # The programs' candidacies in the districts enrolled in them. (Those of a district the
        # associate also administers are the branch above already.)
        enrolled = Enrollment.objects.filter(program_id__in=roles.associate_program_ids)
        branches.append(
            Candidacy.objects.filter(
                program_id__in=roles.associate_program_ids,
                district_id__in=enrolled.values("district_id"),
            )
        )
    return any_of(Candidacy, *branches)


def get_in_candidacy_scope(user, queryset: QuerySet, pk: int):
    """One record of a candidacy (a submission, a certificate) by its id, if the user sees its
    candidacy; 404 otherwise, as for an id that does not exist. The scope is checked on that one
    candidacy: `candidacy__in=candidacies_visible_to(user)` made PostgreSQL build the whole
    visible set first (every candidacy of 200 districts for an associate) to find one row."""
    record = get_object_or_404(queryset, pk=pk)
    if not candidacies_visible_to(user).filter(pk=record.candidacy_id).exists():
        raise Http404("No such record.")
    return record


def can_approve_for_district(user, candidacy: Candidacy) -> bool:
    roles = roles_of(user)
    return roles.is_superuser or candidacy.person.district_id in roles.admin_district_ids


def can_approve_for_provider(user, candidacy: Candidacy) -> bool:
    return may_act_for_program(user, candidacy.program_id)


def get_candidacy_for_user(user, pk, *, write=False) -> Candidacy:
    candidacy = get_object_or_404(
        candidacies_visible_to(user).select_related(
            "person__district", "person__school", "program"
        ),
        pk=pk,
    )
    if write and not (
        can_approve_for_district(user, candidacy) or can_approve_for_provider(user, candidacy)
    ):
        raise PermissionDenied("You may follow this candidacy but not decide on it.")
    return candidacy


def pipeline(user) -> QuerySet[Candidacy]:
    """The candidacies the user follows, by district then name: the pipeline's rows before its
    filters (certification/filters.py) narrow and sort them."""
    return (
        candidacies_visible_to(user)
        .select_related("person__district", "person__school", "program")
        .order_by("district__name", "person__last_name", "person__first_name", "pk")
    )


def identifiable_people(district) -> QuerySet[Person]:
    """The district's active staff who attended the initial FIEP training of a certification
    program, to choose a candidate from."""
    attended = Registration.objects.filter(
        event__kind=Kind.INITIAL_FIEP,
        event__program__kind=Program.Kind.FACILITATOR_CERTIFICATION,
        attendance__in=ATTENDED,
    )
    return (
        district.people.filter(is_active=True, pk__in=attended.values("person_id"))
        .exclude(candidacies__program__kind=Program.Kind.FACILITATOR_CERTIFICATION)
        .select_related("school")
    )


def attended_initial_training(person: Person, program: Program) -> bool:
    return Registration.objects.filter(
        person=person,
        event__program=program,
        event__kind=Kind.INITIAL_FIEP,
        attendance__in=ATTENDED,
    ).exists()


def certification_programs(user, district) -> QuerySet[Program]:
    """The certification programs the district is enrolled in."""
    return programs_visible_to(user).filter(
        kind=Program.Kind.FACILITATOR_CERTIFICATION, enrollments__district=district
    )


def own_candidacies(user) -> QuerySet[Candidacy]:
    return candidacies_visible_to(user).filter(person__user=user).select_related("program")


def timeline(candidacy: Candidacy):
    return candidacy.events.select_related("by").order_by("at", "pk")


# --- the Phase II checklist ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    detail: str


@dataclass(frozen=True)
class Checklist:
    """What Phase II requires, computed from attendance and the facilitation log."""

    items: tuple[ChecklistItem, ...]
    year: SchoolYear
    pace: Pace

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def waiting_for(self) -> list[str]:
        return [item.label for item in self.items if not item.done]

    def summary(self) -> str:
        return "; ".join(f"{item.label}: {item.detail}" for item in self.items)


def settings_by_program(program_ids) -> dict[int, ProgramSettings]:
    found = {s.program_id: s for s in ProgramSettings.objects.filter(program_id__in=program_ids)}
    return {pk: found.get(pk) or ProgramSettings(program_id=pk) for pk in program_ids}


def facilitation_counts(person_ids, year: SchoolYear) -> Counter:
    """Facilitations with the model in the school year, per person: one query."""
    rows = (
        Facilitation.objects.filter(
            person_id__in=person_ids,
            model_used=True,
            held_on__gte=year.start,
            held_on__lte=year.end,
        )
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
    )
    return Counter({row["person_id"]: row["n"] for row in rows})


# Followed by the annual-minimum check: candidates training or in review, and coaches whose
# certificate is active (a lapsed or revoked one is no longer a certified coach's).
FOLLOWED = Q(phase__in=[Candidacy.Phase.TRAINING, Candidacy.Phase.FEEDBACK_REVIEW]) | Q(
    phase=Candidacy.Phase.CERTIFIED, certificate__status=Certificate.Status.ACTIVE
)
# What the annual-minimum check reads of each candidacy, to count it and to tell people.
MINIMUM_FIELDS = (
    "pk",
    "person_id",
    "program_id",
    "phase",
    "person__first_name",
    "person__last_name",
    "person__district_id",
    "person__user_id",
    "person__user__email",
    "person__user__is_active",
)


def minimum_counts(years: dict[int, SchoolYear]) -> QuerySet:
    """Each followed candidacy (FOLLOWED) of the programs in `years` (program id: its school
    year), as a dict of MINIMUM_FIELDS with `n`, its person's facilitations with the model in that
    school year: one aggregate query (a join and a GROUP BY), counted by the database. Filter on
    `n` to keep only the rows a job acts on; their number changes nothing in the query count."""
    by_year: dict[SchoolYear, list[int]] = defaultdict(list)
    for program_id, year in years.items():
        by_year[year].append(program_id)
    in_year = Q()
    for year, program_ids in by_year.items():
        in_year |= Q(
            program_id__in=program_ids,
            person__facilitations__held_on__gte=year.start,
            person__facilitations__held_on__lte=year.end,
        )
    return (
        Candidacy.objects.filter(FOLLOWED, program_id__in=list(years))
        .order_by()
        .values(*MINIMUM_FIELDS)
        .annotate(
            n=Count(
                "person__facilitations",
                filter=Q(person__facilitations__model_used=True) & in_year,
            )
        )
    )


def checklists(candidacies, *, today: date | None = None) -> dict[int, Checklist]:
    """The Phase II checklist of each candidacy, in a number of queries that does not grow with
    the number of candidacies (one more per distinct school year, usually none)."""
    candidacies = list(candidacies)
    if not candidacies:
        return {}
    today = today or timezone.localdate()
    person_ids = {c.person_id for c in candidacies}
    program_ids = {c.program_id for c in candidacies}
    rules = settings_by_program(program_ids)
    attended = defaultdict(set)  # (person, program) -> kinds attended
    calls_attended = defaultdict(set)  # (person, cohort) -> support call ids
    for row in (
        Registration.objects.filter(
            person_id__in=person_ids, event__program_id__in=program_ids, attendance__in=ATTENDED
        )
        .order_by()
        .values("person_id", "event_id", "event__kind", "event__program_id", "event__cohort_id")
    ):
        attended[row["person_id"], row["event__program_id"]].add(row["event__kind"])
        if row["event__kind"] == Kind.SUPPORT_CALL:
            calls_attended[row["person_id"], row["event__cohort_id"]].add(row["event_id"])
    cohort_calls = defaultdict(set)
    for cohort_id, pk in (
        # A cancelled call is no call to attend (or make up).
        TrainingEvent.objects.filter(
            kind=Kind.SUPPORT_CALL,
            cohort_id__in={c.cohort_id for c in candidacies if c.cohort_id},
            cancelled_at__isnull=True,
        )
        .order_by()
        .values_list("cohort_id", "pk")
    ):
        cohort_calls[cohort_id].add(pk)
    years = {pk: school_year(today, rule.school_year_start_month) for pk, rule in rules.items()}
    counts = {year: facilitation_counts(person_ids, year) for year in set(years.values())}

    result = {}
    for c in candidacies:
        kinds = attended[c.person_id, c.program_id]
        year, minimum = years[c.program_id], rules[c.program_id].annual_minimum
        done_count = counts[year][c.person_id]
        result[c.pk] = Checklist(
            items=(
                _attended_item(Kind.ADVANCED, kinds),
                _attended_item(Kind.STAKEHOLDER, kinds),
                _calls_item(c, cohort_calls, calls_attended),
                _attended_item(Kind.WORKSHOP, kinds),
                ChecklistItem(
                    "facilitations",
                    f"{minimum} IEP meetings facilitated with the model in {year.label}",
                    done_count >= minimum,
                    f"{done_count} of {minimum}",
                ),
            ),
            year=year,
            pace=pace(count=done_count, minimum=minimum, today=today, year=year),
        )
    return result


def _attended_item(kind, kinds) -> ChecklistItem:
    done = kind in kinds
    return ChecklistItem(kind, Kind(kind).label, done, "attended" if done else "not yet attended")


def _calls_item(candidacy, cohort_calls, calls_attended) -> ChecklistItem:
    label = "Every technical support call of the cohort"
    if candidacy.cohort_id is None:
        return ChecklistItem("support_calls", label, False, "not yet placed in a cohort")
    calls = cohort_calls[candidacy.cohort_id]
    if not calls:
        return ChecklistItem("support_calls", label, False, "no calls scheduled for the cohort yet")
    done = len(calls & calls_attended[candidacy.person_id, candidacy.cohort_id])
    return ChecklistItem("support_calls", label, done == len(calls), f"{done} of {len(calls)}")


def checklist(candidacy: Candidacy, *, today: date | None = None) -> Checklist:
    return checklists([candidacy], today=today)[candidacy.pk]


# --- submissions -------------------------------------------------------------------------------


def submissions_visible_to(user) -> QuerySet[Submission]:
    """Whoever follows a candidacy sees its submissions."""
    return Submission.objects.filter(candidacy__in=candidacies_visible_to(user))


def can_write_notes(user, submission: Submission) -> bool:
    return submission.candidacy.person.user_id == user.pk


def can_score(user, submission: Submission) -> bool:
    return can_approve_for_provider(user, submission.candidacy)


def get_submission_for_user(user, pk, *, write=False) -> Submission:
    """`write`: the coach's own notes, or an associate of the program scoring them."""
    submission = get_in_candidacy_scope(
        user,
        Submission.objects.select_related(
            "candidacy__person__district",
            "candidacy__program",
            "observation__facilitator",
            "observation__video",
            "review",
            "decided_by",
        ),
        pk,
    )
    if write and not (can_write_notes(user, submission) or can_score(user, submission)):
        raise PermissionDenied("You may read these notes but not change or score them.")
    return submission


def candidacy_submissions(candidacy: Candidacy) -> QuerySet[Submission]:
    return candidacy.submissions.select_related("decided_by", "observation__video").order_by(
        "purpose", "attempt"
    )


def review_queue(user) -> QuerySet[Submission]:
    """Submissions waiting for an associate, oldest first, with the program's review window."""
    roles = roles_of(user)
    waiting = Submission.objects.filter(outcome=Submission.Outcome.PENDING)
    if not roles.is_superuser:
        # `submissions_visible_to` within the associate's programs, written out: the few pending
        # rows come first (the (outcome, submitted_at) index), then each is checked on its own
        # row, where a UNION of every visible candidacy would be built first.
        enrolled = Enrollment.objects.filter(program_id__in=roles.associate_program_ids)
        waiting = waiting.filter(
            Q(candidacy__district_id__in=enrolled.values("district_id"))
            | Q(candidacy__district_id__in=roles.admin_district_ids)
            | Q(candidacy__person__user=user),
            candidacy__program_id__in=roles.associate_program_ids,
        )
    window = ProgramSettings.objects.filter(program=OuterRef("candidacy__program")).values(
        "review_window_days"
    )
    return (
        waiting.select_related(
            "candidacy__person__district", "candidacy__program", "review", "observation__video"
        )
        .annotate(window_days=Coalesce(Subquery(window), Value(DEFAULT_WINDOW)))
        # The queue shows no notes: their six text fields stay in the database.
        .defer(*(f"observation__{name}" for name in OBSERVATION_NOTES))
        .order_by("submitted_at", "pk")
    )


OBSERVATION_NOTES = (
    "behaviours_seen",
    "working",
    "not_working",
    "questions_posed",
    "next_steps",
    "free_text",
)


DEFAULT_WINDOW = ProgramSettings._meta.get_field("review_window_days").default


# --- a candidacy's progress, for its page and "my path" ----------------------------------------


@dataclass
class Progress:
    candidacy: Candidacy
    checklist: Checklist
    submissions: list
    open_submission: Submission | None
    certificate: Certificate | None
    certificate_status: str = ""


def progress(candidacy: Candidacy, *, today: date | None = None) -> Progress:
    """Everything a candidacy's page shows about where it stands, in a fixed number of queries."""
    submissions = list(candidacy_submissions(candidacy))
    open_ = next((s for s in submissions if s.outcome in ("draft", "pending")), None)
    certificate = Certificate.objects.filter(candidacy=candidacy).first()
    status = certificate.shown_status(today) if certificate else ""
    return Progress(
        candidacy, checklist(candidacy, today=today), submissions, open_, certificate, status
    )


def facilitation_log(person: Person) -> QuerySet[Facilitation]:
    return person.facilitations.select_related("school").order_by("-held_on", "-pk")


def waiting_for(candidacies) -> dict[int, str]:
    """What each candidacy of a list waits for, in a fixed number of queries."""
    candidacies = list(candidacies)
    lists = checklists([c for c in candidacies if c.phase == Candidacy.Phase.TRAINING])
    open_outcomes = dict(
        Submission.objects.filter(
            candidacy__in=[c for c in candidacies if c.phase != Candidacy.Phase.TRAINING],
            outcome__in=[Submission.Outcome.DRAFT, Submission.Outcome.PENDING],
        )
        .order_by()
        .values_list("candidacy_id", "outcome")
    )
    held = {
        cert.candidacy_id: cert
        for cert in Certificate.objects.filter(
            candidacy__in=[c for c in candidacies if c.phase == Candidacy.Phase.CERTIFIED]
        )
    }
    result = {}
    for c in candidacies:
        if c.phase == Candidacy.Phase.IDENTIFIED:
            sides = [
                label
                for label, done in (
                    ("the district's approval", c.district_approved_at),
                    ("the provider's approval", c.provider_approved_at),
                )
                if not done
            ]
            result[c.pk] = " and ".join(sides)
        elif c.phase == Candidacy.Phase.TRAINING:
            result[c.pk] = "; ".join(lists[c.pk].waiting_for)
        elif open_outcomes.get(c.pk) == Submission.Outcome.PENDING:
            result[c.pk] = "an associate's review"
        elif c.phase == Candidacy.Phase.FEEDBACK_REVIEW:
            result[c.pk] = "the candidate's feedback notes"
        elif open_outcomes.get(c.pk) == Submission.Outcome.DRAFT:
            result[c.pk] = "the coach's notes on the recertification video"
        elif c.pk in held:
            result[c.pk] = _certificate_note(held[c.pk])
        else:
            result[c.pk] = ""
    return result


def _certificate_note(certificate: Certificate) -> str:
    status = certificate.shown_status()
    expiry = (
        f"{certificate.expires_on:%b} {certificate.expires_on.day}, {certificate.expires_on.year}"
    )
    return {
        "active": "",
        "expiring": f"recertification: the certificate expires {expiry}",
        "lapsed": f"recertification: the certificate lapsed {expiry}",
        "revoked": "nothing: the certificate is revoked",
    }[status]


def submission_scores(submission: Submission) -> list:
    """The scores of a decided submission, criterion by criterion, for everyone who follows it
    (the rubric's review page is for its reviewers): one query."""
    if not submission.review_id or submission.outcome not in ("passed", "repeat"):
        return []
    return list(
        Score.objects.filter(sheet__review_id=submission.review_id, sheet__status="final")
        .select_related("criterion__domain", "level")
        .order_by("criterion__domain__position", "criterion__position")
    )
