"""The data of `manage.py benchmark_pages`: a provider's certification program at network scale
(200 districts, 2,000 schools, 20,000 staff, 5,000 candidacies in every phase, 200,000
facilitations, 20,000 scoresheets, 800 submissions waiting, 100,000 notifications), and the
coaching engagements of its coaches (2,000, with 20,000 sessions, 6,000 action steps and 4,000
check-ins), made with `bulk_create` in batches, inside one transaction.

It writes rows the way the services leave them (both approvals before Phase II, a coach role for
Phase II on, scores written while a sheet is a draft and the sheet finalised after, as the
database's trigger wants), but without calling a service per row: that would take hours. Rows
are deterministic (one seeded random generator), so two runs make the same data.
"""

import datetime as dt
import random
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from certification.models import (
    Candidacy,
    CandidacyEvent,
    Certificate,
    Facilitation,
    ProgramSettings,
    Submission,
)
from certification.services import certificates as certificate_services
from coaching.content import STEPLAB_COURSE
from coaching.models import (
    ActionStep,
    CheckIn,
    CoachingSession,
    Cohort,
    CourseAnswer,
    CoursePair,
    CourseRun,
    CourseSession,
    CycleChange,
    District,
    Engagement,
    Enrollment,
    Notification,
    Partnership,
    PeerPlan,
    PeerTeam,
    Person,
    Program,
    Provider,
    Registration,
    RoleMembership,
    RunQuestion,
    RunSession,
    School,
    StageChange,
    Team,
    TrainingEvent,
    User,
)
from coaching.models.peer import school_year_of
from coaching.notifications.services import unread_counts_refresh
from coaching.services.courses import PAIR_AGREEMENT, course_install
from coaching.services.dashboards import dashboards_changed
from observations.models import Observation
from rubrics.content import CFR_SLUG
from rubrics.models import Review, Rubric, Score, Scoresheet
from rubrics.services import score_pairs_rebuild

BATCH = 2000
PROVIDER_SLUG = "benchmark-provider"
PROGRAM_SLUG = "benchmark-certification"
MARKER = "Benchmark data, scale "
EMAIL_DOMAIN = "bench.example"
ASSOCIATES = 5
CURRICULUM_SLUG = "benchmark-coach-training"
PEER_SLUG = "benchmark-peer-coaching"
COHORT_SIZE = 25  # a course run's coaches, at most
SESSIONS_HELD = 8  # of a course's sessions, the first this many are held (and answered)
PARTNERSHIPS = 5  # a peer team's

# Share of candidacies in each phase (the rest are declined).
PHASE_SHARES = [
    (Candidacy.Phase.IDENTIFIED, 0.15),
    (Candidacy.Phase.TRAINING, 0.30),
    (Candidacy.Phase.FEEDBACK_REVIEW, 0.20),
    (Candidacy.Phase.CERTIFIED, 0.30),
]


@dataclass(frozen=True)
class Scale:
    name: str
    districts: int
    schools: int
    staff: int
    candidacies: int
    facilitations: int
    scoresheets: int
    waiting: int
    notifications: int
    engagements: int  # ten sessions, three action steps and two check-ins each
    course_runs: int  # a cohort of certified coaches each, half its sessions answered, in pairs
    peer_schools: int  # a peer team each, with its endorsed plan and five partnerships

    def check(self):
        per_district = self.staff // self.districts
        needed = 1 + self.schools // self.districts + self.candidacies // self.districts
        if self.schools % self.districts or self.staff % self.districts:
            raise ValueError("Schools and staff must divide evenly among the districts.")
        if self.candidacies % self.districts:
            raise ValueError("Candidacies must divide evenly among the districts.")
        if per_district < needed:
            raise ValueError(f"{per_district} staff a district: at least {needed} are needed.")
        if self.waiting > phase_counts(self)[Candidacy.Phase.FEEDBACK_REVIEW]:
            raise ValueError("More submissions waiting than Phase III candidates.")
        if self.engagements % self.districts:
            raise ValueError("Engagements must divide evenly among the districts.")
        if self.course_runs * 2 > phase_counts(self)[Candidacy.Phase.CERTIFIED]:
            raise ValueError("A course run needs two certified coaches at least.")
        if self.peer_schools % self.districts or self.peer_schools > self.schools:
            raise ValueError("Peer schools divide evenly among the districts, within the schools.")


FULL = Scale(
    name="full",
    districts=200,
    schools=2_000,
    staff=20_000,
    candidacies=5_000,
    facilitations=200_000,
    scoresheets=20_000,
    waiting=800,
    notifications=100_000,
    engagements=2_000,
    course_runs=20,
    peer_schools=200,
)
QUICK = Scale(
    name="quick",
    districts=4,
    schools=8,
    staff=120,
    candidacies=80,
    facilitations=400,
    scoresheets=40,
    waiting=6,
    notifications=200,
    engagements=16,
    course_runs=2,
    peer_schools=4,
)
SCALES = {scale.name: scale for scale in (FULL, QUICK)}


def phase_counts(scale: Scale) -> dict:
    """How many candidacies of each phase; every phase has at least one."""
    counts = {phase: max(1, round(scale.candidacies * share)) for phase, share in PHASE_SHARES}
    counts[Candidacy.Phase.DECLINED] = scale.candidacies - sum(counts.values())
    if counts[Candidacy.Phase.DECLINED] < 1:
        raise ValueError("Too few candidacies for every phase.")
    return counts


def seeded_scale() -> str | None:
    """The name of the scale this database holds, or None when it holds no benchmark data."""
    program = Program.objects.filter(slug=PROGRAM_SLUG).first()
    if program is None or not program.description.startswith(MARKER):
        return None
    return program.description[len(MARKER) :].split(" ", 1)[0].rstrip(",.")


# What the seeder writes, beyond the sizes: one more when it writes other rows or other values (a
# database seeded by an older shape is refused, and `--reseed` makes the new one).
SHAPE = 5  # 2: the engagements; 3: blind pairs waiting for adjudication; 4: courses and peer
# coaching; 5: the district on the candidacy row


def scale_sizes(scale: Scale) -> str:
    """The sizes the description of a seeded database lists: "districts 200, schools 2,000"...,
    and the seeder's shape."""
    sizes = ", ".join(f"{k} {v:,}" for k, v in asdict(scale).items() if k != "name")
    return f"{sizes}; shape {SHAPE}"


def seeded_description() -> str:
    program = Program.objects.filter(slug=PROGRAM_SLUG).first()
    return program.description if program else ""


@contextmanager
def explicit_timestamps(*models):
    """Let bulk_create write the created_at/updated_at values given (spread over past months)
    instead of now: auto_now(_add) is switched off on these models for the duration."""
    fields = [
        f for m in models for f in m._meta.concrete_fields if getattr(f, "auto_now_add", False)
    ] + [f for m in models for f in m._meta.concrete_fields if getattr(f, "auto_now", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Seeder:
    def __init__(self, scale: Scale, *, stdout=None):
        scale.check()
        self.scale = scale
        self.stdout = stdout
        self.rng = random.Random(2026)  # noqa: S311 (repeatable data, not secrets)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    # --- helpers -----------------------------------------------------------------------------

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)
            self.stdout.flush()

    def bulk(self, label, model, objects):
        started = time.monotonic()
        objects = list(objects)
        # auto_now(_add) is off while seeding (explicit_timestamps): a stamp not given is now.
        stamps = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.DateTimeField, models.DateField))
            and f.name in ("created_at", "updated_at", "at")
        ]
        for obj in objects:
            for name in stamps:
                if getattr(obj, name) is None:
                    setattr(obj, name, self.now)
        made = model.objects.bulk_create(objects, batch_size=BATCH)
        took = time.monotonic() - started
        self.timings[label] = self.timings.get(label, 0) + took
        self.counts[label] = self.counts.get(label, 0) + len(made)
        self.say(f"  {label}: {len(made):,} in {took:.1f} s")
        return made

    def ago(self, days, hours=0):
        return self.now - dt.timedelta(days=days, hours=hours)

    # --- the data ----------------------------------------------------------------------------

    def run(self) -> dict:
        started = time.monotonic()
        with (
            transaction.atomic(),
            explicit_timestamps(
                Notification,
                Facilitation,
                Submission,
                Observation,
                Review,
                Scoresheet,
                CandidacyEvent,
                Candidacy,
                Engagement,
                CoachingSession,
                ActionStep,
                CourseAnswer,
                PeerPlan,
            ),
        ):
            self.organisations()
            self.candidacies()
            self.training()
            self.facilitations()
            self.reviews()
            self.notifications()
            self.engagements()
            self.courses()
            self.peer()
            # The derived figures that the services keep, written here around them: the
            # agreement report's score pairs and each login's unread count.
            derived = time.monotonic()
            score_pairs_rebuild()
            unread_counts_refresh()
            dashboards_changed()  # bulk_create sends no model signal: cached homes are old
            self.timings["derived figures"] = time.monotonic() - derived
            took = time.monotonic() - started
            sizes = scale_sizes(self.scale)
            Program.objects.filter(pk=self.program.pk).update(
                description=f"{MARKER}{self.scale.name}, seeded on {self.today:%Y-%m-%d} in "
                f"{took:.0f} s ({sizes})."
            )
        if connection.vendor == "postgresql":
            analyse = time.monotonic()
            with connection.cursor() as cursor:
                # Fresh statistics for the planner; VACUUM (the visibility map, for index-only
                # scans) cannot run inside a transaction (a test's), ANALYZE can.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            self.timings["vacuum analyze"] = time.monotonic() - analyse
            self.say(f"  vacuum analyze: {self.timings['vacuum analyze']:.1f} s")
        self.timings["total"] = time.monotonic() - started
        self.say(f"Seeded the {self.scale.name} scale in {self.timings['total']:.1f} s.")
        return {"timings": self.timings, "counts": self.counts}

    def organisations(self):
        s = self.scale
        self.provider = Provider.objects.create(name="Benchmark Provider", slug=PROVIDER_SLUG)
        self.program = Program.objects.create(
            provider=self.provider,
            name="Benchmark facilitator coaching",
            slug=PROGRAM_SLUG,
            kind=Program.Kind.FACILITATOR_CERTIFICATION,
            description=f"{MARKER}{s.name}, being seeded.",
        )
        if not Rubric.objects.filter(slug=CFR_SLUG).exists():
            call_command("install_rubrics", owner=f"provider:{self.provider.pk}", stdout=_Null())
        cfr = Rubric.objects.get(slug=CFR_SLUG)
        self.version = cfr.versions.filter(status="published").order_by("-number").first()
        self.levels = list(self.version.levels.order_by("points"))
        self.criteria = list(self.version.criteria.all())
        ProgramSettings.objects.create(
            program=self.program,
            cfr_version=self.version,
            cfr_passing_minimum=self.version.passing_total,
        )
        self.districts = self.bulk(
            "districts",
            District,
            (
                District(name=f"District {d:03d}", slug=f"bench-district-{d:03d}", state="MO")
                for d in range(1, s.districts + 1)
            ),
        )
        self.bulk(
            "enrollments",
            Enrollment,
            (
                Enrollment(program=self.program, district=d, enrolled_on=self.today)
                for d in self.districts
            ),
        )
        per = s.schools // s.districts
        self.schools = self.bulk(
            "schools",
            School,
            (
                School(district=d, name=f"{d.name} school {k + 1:02d}")
                for d in self.districts
                for k in range(per)
            ),
        )
        self.schools_of = {
            d.pk: self.schools[i * per : (i + 1) * per] for i, d in enumerate(self.districts)
        }
        # Logins first, so that each person is written once with theirs: an associate of the
        # program (several, no roster entry), one district admin a district, one principal a
        # school, and a login for every candidate (a coach role from Phase II on).
        per_staff = s.staff // s.districts
        per_candidates = s.candidacies // s.districts
        self.associates = [
            User(email=f"associate-{a}@{EMAIL_DOMAIN}", first_name="Associate")
            for a in range(1, ASSOCIATES + 1)
        ]
        login_of = {}  # (district index, staff index) -> (login, role, scope)
        for i, d in enumerate(self.districts):
            login_of[i, 0] = (User(email=f"admin-{d.pk}@{EMAIL_DOMAIN}"), "district_admin", d)
            for k, school in enumerate(self.schools_of[d.pk]):
                login_of[i, 1 + k] = (
                    User(email=f"principal-{school.pk}@{EMAIL_DOMAIN}"),
                    "principal",
                    school,
                )
            for k in range(1 + per, 1 + per + per_candidates):
                login_of[i, k] = (
                    User(email=f"candidate-{d.pk}-{k}@{EMAIL_DOMAIN}"),
                    "candidate",
                    d,
                )
        users = self.associates + [user for user, _, _ in login_of.values()]
        for user in users:
            user.password = "!benchmark"  # unusable: the benchmark signs in by session
        self.bulk("logins", User, users)
        first = [
            "Ada",
            "Ben",
            "Cleo",
            "Dev",
            "Eli",
            "Fay",
            "Gus",
            "Hana",
            "Ivo",
            "Jo",
            "Kai",
            "Lea",
        ]
        last = [
            "Reyes",
            "Okafor",
            "Liu",
            "Brooks",
            "Chen",
            "Ortega",
            "Bell",
            "Sorensen",
            "Natarajan",
        ]
        people = []
        for i, d in enumerate(self.districts):
            for k in range(per_staff):
                login = login_of.get((i, k), (None,))[0]
                people.append(
                    Person(
                        district=d,
                        school=self.schools_of[d.pk][k % per],
                        first_name=first[k % len(first)],
                        last_name=f"{last[(k // len(first)) % len(last)]} {d.pk}-{k}",
                        job_title="Special Education Teacher",
                        user=login,
                        email=login.email if login else "",
                    )
                )
        self.people = self.bulk("staff", Person, people)
        self.people_of = {
            d.pk: self.people[i * per_staff : (i + 1) * per_staff]
            for i, d in enumerate(self.districts)
        }
        self.memberships = [
            RoleMembership(user=user, role="associate", program=self.program)
            for user in self.associates
        ]
        self.admin_of, self.principal_of, self.candidate_people = {}, {}, []
        for (i, k), (user, role, scope) in login_of.items():
            if role == "district_admin":
                self.admin_of[scope.pk] = user
                self.memberships.append(RoleMembership(user=user, role=role, district=scope))
            elif role == "principal":
                self.principal_of[scope.pk] = user
                self.memberships.append(RoleMembership(user=user, role=role, school=scope))
            else:
                self.candidate_people.append(self.people[i * per_staff + k])

    def candidacies(self):
        counts = phase_counts(self.scale)
        phases = [phase for phase, n in counts.items() for _ in range(n)]
        # Mix the phases over the districts (candidates are listed district by district): each
        # district has its share of every phase.
        districts, per = self.scale.districts, self.scale.candidacies // self.scale.districts
        phase_of = [phases[(p % per) * districts + p // per] for p in range(len(phases))]
        P = Candidacy.Phase
        later = (P.TRAINING, P.FEEDBACK_REVIEW, P.CERTIFIED)
        objects = []
        for i, (person, phase) in enumerate(zip(self.candidate_people, phase_of, strict=True)):
            approved = phase in later
            created = self.ago(60 + i % 600)
            objects.append(
                Candidacy(
                    person=person,
                    district_id=person.district_id,
                    program=self.program,
                    phase=phase,
                    district_approved_by=self.admin_of[person.district_id] if approved else None,
                    district_approved_at=created + dt.timedelta(days=3) if approved else None,
                    provider_approved_by=self.associates[i % ASSOCIATES] if approved else None,
                    provider_approved_at=created + dt.timedelta(days=5) if approved else None,
                    created_at=created,
                    updated_at=created + dt.timedelta(days=30),
                )
            )
        self.cohorts(objects)
        self.all_candidacies = self.bulk("candidacies", Candidacy, objects)
        self.memberships += [
            RoleMembership(user=c.person.user, role="coach", district_id=c.person.district_id)
            for c in self.all_candidacies
            if c.phase in later
        ]
        self.bulk("role memberships", RoleMembership, self.memberships)
        K = CandidacyEvent.Kind
        events = []
        for c in self.all_candidacies:
            admin = self.admin_of[c.person.district_id]
            at = c.created_at

            def event(kind, from_phase, to_phase, by, days, reason="", c=c, at=at):
                events.append(
                    CandidacyEvent(
                        candidacy=c,
                        kind=kind,
                        from_phase=from_phase,
                        to_phase=to_phase,
                        by=by,
                        reason=reason,
                        at=at + dt.timedelta(days=days),
                    )
                )

            event(K.IDENTIFIED, "", P.IDENTIFIED, admin, 0, "Attended the initial FIEP training.")
            if c.phase == P.DECLINED:
                event(K.DECLINED, P.IDENTIFIED, P.DECLINED, admin, 2, "Not this year.")
                continue
            if c.phase == P.IDENTIFIED:
                continue
            event(K.DISTRICT_APPROVED, P.IDENTIFIED, P.IDENTIFIED, admin, 3)
            event(K.PROVIDER_APPROVED, P.IDENTIFIED, P.TRAINING, c.provider_approved_by, 5)
            if c.phase == P.TRAINING:
                continue
            event(K.ADVANCED, P.TRAINING, P.FEEDBACK_REVIEW, None, 40, "Phase II complete.")
            if c.phase == P.CERTIFIED:
                event(K.SUBMITTED, P.FEEDBACK_REVIEW, P.FEEDBACK_REVIEW, c.person.user, 45)
                event(K.CERTIFIED, P.FEEDBACK_REVIEW, P.CERTIFIED, c.provider_approved_by, 50)
        self.bulk("candidacy events", CandidacyEvent, events)

    def cohorts(self, candidacies):
        """Phase II candidates in cohorts of 25 (this school year's), Phase III and certified
        ones in last year's: each candidacy names its cohort."""
        P = Candidacy.Phase
        groups = [
            [c for c in candidacies if c.phase == P.TRAINING],
            [c for c in candidacies if c.phase in (P.FEEDBACK_REVIEW, P.CERTIFIED)],
        ]
        planned = [
            (g, group[k : k + 25])
            for g, group in enumerate(groups)
            for k in range(0, len(group), 25)
        ]
        made = self.bulk(
            "cohorts",
            Cohort,
            (
                Cohort(
                    program=self.program,
                    name=f"{'2026–27' if g == 0 else '2025–26'} cohort {n + 1}",
                    starts_on=self.today - dt.timedelta(days=30 if g == 0 else 400),
                )
                for n, (g, _) in enumerate(planned)
            ),
        )
        self.cohort_plan = [
            (cohort, g, group) for cohort, (g, group) in zip(made, planned, strict=True)
        ]
        for cohort, _, group in self.cohort_plan:
            for c in group:
                c.cohort = cohort

    def training(self):
        """An initial FIEP training for every ten districts (everyone attended theirs); Phase II
        and later candidates in cohorts of 25 with their advanced and stakeholder training, four
        support calls and workshops of five. Phase II cohorts' events are partly to come."""
        TE, A = TrainingEvent.Kind, Registration.Attendance
        associate = self.associates[0]
        initial = self.bulk(
            "training events",
            TrainingEvent,
            (
                TrainingEvent(
                    program=self.program,
                    kind=TE.INITIAL_FIEP,
                    audience=TrainingEvent.Audience.ENROLLED,
                    starts_at=self.ago(400 - k),
                    duration_minutes=360,
                    created_by=associate,
                )
                for k in range(max(1, self.scale.districts // 10))
            ),
        )
        registrations = [
            Registration(
                event=initial[i % len(initial)],
                person=c.person,
                attendance=A.ATTENDED,
                registered_by=self.admin_of[c.person.district_id],
                recorded_by=associate,
                recorded_at=self.ago(300),
            )
            for i, c in enumerate(self.all_candidacies)
        ]
        members = []
        events, plan = [], []  # plan: (event index, cohort members, attended?)
        for cohort, g, group in self.cohort_plan:
            past = g == 1
            base = -300 if past else -20  # days from today

            def add(kind, day, people, audience, cap=None, cohort=cohort):
                events.append(
                    TrainingEvent(
                        program=self.program,
                        kind=kind,
                        cohort=cohort if kind == TE.SUPPORT_CALL or audience == "cohort" else None,
                        audience=audience,
                        starts_at=self.now + dt.timedelta(days=day),
                        duration_minutes=60 if kind == TE.SUPPORT_CALL else 360,
                        capacity=cap,
                        created_by=associate,
                    )
                )
                plan.append((len(events) - 1, people, day < 0))

            add(TE.ADVANCED, base, group, TrainingEvent.Audience.NAMED)
            add(TE.STAKEHOLDER, base + 7, group, TrainingEvent.Audience.NAMED)
            for call in range(4):
                add(TE.SUPPORT_CALL, base + 10 + 14 * call, group, TrainingEvent.Audience.COHORT)
            for w in range(0, len(group), 5):
                add(TE.WORKSHOP, base + 70 + w, group[w : w + 5], "named", cap=5)
            members += [Cohort.members.through(cohort=cohort, person=c.person) for c in group]
        events = self.bulk("training events", TrainingEvent, events)
        self.bulk("cohort members", Cohort.members.through, members)
        invitees = []
        for index, people, attended in plan:
            event = events[index]
            if event.audience == TrainingEvent.Audience.NAMED:
                invitees += [
                    TrainingEvent.invitees.through(trainingevent=event, person=c.person)
                    for c in people
                ]
            registrations += [
                Registration(
                    event=event,
                    person=c.person,
                    attendance=A.ATTENDED if attended else A.REGISTERED,
                    registered_by=associate,
                    recorded_by=associate if attended else None,
                    recorded_at=event.starts_at if attended else None,
                )
                for c in people
            ]
        self.bulk("invitees", TrainingEvent.invitees.through, invitees)
        self.bulk("registrations", Registration, registrations)

    def facilitations(self):
        P = Candidacy.Phase
        loggers = [
            c.person
            for c in self.all_candidacies
            if c.phase in (P.TRAINING, P.FEEDBACK_REVIEW, P.CERTIFIED)
        ]
        n = self.scale.facilitations
        types = [t for t, _ in Facilitation.MeetingType.choices]

        def rows():
            for i in range(n):
                person = loggers[i % len(loggers)]
                held = self.today - dt.timedelta(days=(i // len(loggers)) * 9 % 700 + i % 5)
                yield Facilitation(
                    person=person,
                    held_on=held,
                    school_id=person.school_id,
                    meeting_type=types[i % len(types)],
                    model_used=i % 10 != 0,
                    minutes=45 + i % 60,
                    note="Agenda and ground rules set; parking lot used." if i % 4 == 0 else "",
                    logged_by_id=person.user_id,
                    created_at=self.now - dt.timedelta(days=(self.today - held).days),
                )

        self.bulk("facilitations", Facilitation, rows())

    def reviews(self):
        """Submissions and their reviews: every certified candidate's passed attempt, a failed
        first attempt for every third Phase III candidate, the waiting submissions (the review
        queue) and drafts for the other Phase III candidates; then blind calibration reviews by
        two associates until the scale's number of scoresheets is reached."""
        P, Out = Candidacy.Phase, Submission.Outcome
        review_phase = [c for c in self.all_candidacies if c.phase == P.FEEDBACK_REVIEW]
        certified = [c for c in self.all_candidacies if c.phase == P.CERTIFIED]
        plan = []  # (candidacy, attempt, outcome, submitted days ago)
        for c in certified:
            plan.append((c, 1, Out.PASSED, 200))
        for k, c in enumerate(review_phase):
            attempt = 1
            if k % 3 == 0:
                plan.append((c, 1, Out.REPEAT, 60))
                attempt = 2
            if k < self.scale.waiting:
                plan.append((c, attempt, Out.PENDING, k % 30))
            else:
                plan.append((c, attempt, Out.DRAFT, None))
        decided = [p for p in plan if p[2] in (Out.PASSED, Out.REPEAT)]
        blind_pairs, single = divmod(self.scale.scoresheets - len(decided), 2)
        if blind_pairs < 0:
            raise ValueError("Fewer scoresheets than decided submissions.")
        notes = {
            "behaviours_seen": "Set the agenda, ground rules and a parking lot at the start.",
            "working": "The shared focus on the student kept the team together.",
            "not_working": "Two members spoke over each other during the data review.",
            "questions_posed": "What would a next step look like for the team?",
            "next_steps": "Try a round-robin on the data next time.",
        }
        observations = []
        for c, attempt, outcome, days in plan:
            staff = self.people_of[c.person.district_id]
            submitted = self.ago(days, hours=attempt) if days is not None else None
            observations.append(
                Observation(
                    coach=c.person,
                    setting=Observation.Setting.IEP_MEETING,
                    facilitator=staff[-1 - attempt],
                    observed_on=(submitted or self.now).date() - dt.timedelta(days=2),
                    location="Conference room B",
                    submitted_at=submitted,
                    created_at=(submitted or self.now) - dt.timedelta(days=1),
                    **(notes if outcome != Out.DRAFT else {"behaviours_seen": notes["working"]}),
                )
            )
        observations = self.bulk("observations", Observation, observations)
        # Reviews: one per decided submission, then the blind pairs and the odd single one.
        reviews, sheets_plan = [], []  # sheets_plan: (review index, reviewer, passes?, finalised)
        for k, (c, attempt, outcome, days) in enumerate(decided):
            reviews.append(
                Review(
                    version=self.version,
                    subject_label=f"{c.person.full_name}: Phase III feedback review, attempt "
                    f"{attempt}",
                    scope=f"district:{c.person.district_id}",
                    subject_user_id=c.person.user_id,
                    status=Review.Status.DECIDED,
                    passed=outcome == Out.PASSED,
                    decided_by=self.associates[k % ASSOCIATES],
                    decided_at=self.ago(days - 3),
                    created_at=self.ago(days - 1),
                )
            )
            sheets_plan.append(
                (k, self.associates[k % ASSOCIATES], outcome == Out.PASSED, days - 3)
            )
        for b in range(blind_pairs + single):
            c = self.all_candidacies[b % len(self.all_candidacies)]
            days = 5 + b % 700
            pair = b < blind_pairs
            # One blind pair in twenty gave two verdicts and waits for adjudication.
            waits = pair and b % 20 == 7
            reviews.append(
                Review(
                    version=self.version,
                    subject_label=f"Calibration {b + 1}: {c.person.full_name}",
                    scope=f"district:{c.person.district_id}",
                    blind=pair,
                    status=Review.Status.NEEDS_ADJUDICATION if waits else Review.Status.DECIDED,
                    passed=None if waits else True,
                    decided_at=None if waits else self.ago(days),
                    created_at=self.ago(days + 2),
                )
            )
            index = len(reviews) - 1
            first, second = (
                b % ASSOCIATES,
                (b + 1 + b // ASSOCIATES % (ASSOCIATES - 1)) % ASSOCIATES,
            )
            sheets_plan.append((index, self.associates[first], None, days))
            if pair:
                sheets_plan.append((index, self.associates[second], None, days))
        reviews = self.bulk("reviews", Review, reviews)
        sheets = self.bulk(
            "scoresheets",
            Scoresheet,
            (
                Scoresheet(
                    review=reviews[index],
                    reviewer=reviewer,
                    status=Scoresheet.Status.DRAFT,  # finalised below, once its scores are in
                    overall_comment="Specific and actionable."
                    if passes is not False
                    else "Tie each behaviour to a moment of the meeting.",
                    created_at=self.ago(days + 1),
                    updated_at=self.ago(days),
                )
                for index, reviewer, passes, days in sheets_plan
            ),
        )
        top = len(self.levels) - 1
        scores, last_levels = [], {}
        for sheet, (index, _, passes, _) in zip(sheets, sheets_plan, strict=True):
            for criterion in self.criteria:
                if passes is True:
                    rank = top - (self.rng.random() < 0.3)
                elif passes is False:
                    rank = self.rng.choice([0, 1])
                else:  # a blind pair: the second often agrees, else one level off
                    key = (index, criterion.pk)
                    if key in last_levels:
                        first = last_levels.pop(key)
                        roll = self.rng.random()
                        rank = (
                            first
                            if roll < 0.6
                            else max(0, min(top, first + (1 if roll < 0.8 else -1)))
                        )
                    else:
                        rank = self.rng.randint(1, top)
                        last_levels[key] = rank
                scores.append(
                    Score(sheet=sheet, criterion=criterion, level=self.levels[rank], comment="")
                )
        self.bulk("scores", Score, scores)
        # Finalise as the scoring service does, once the scores are in (the database refuses a
        # score of a final sheet); finalized_at per sheet, as the agreement report filters by it.
        by_day: dict[int, list[int]] = {}
        for sheet, (_, _, _, days) in zip(sheets, sheets_plan, strict=True):
            by_day.setdefault(days, []).append(sheet.pk)
        started = time.monotonic()
        for days, pks in by_day.items():
            Scoresheet.objects.filter(pk__in=pks).update(
                status=Scoresheet.Status.FINAL, finalized_at=self.ago(days)
            )
        self.timings["finalising"] = time.monotonic() - started
        self.say(f"  finalising the scoresheets: {self.timings['finalising']:.1f} s")
        maximum = len(self.criteria) * self.levels[-1].points
        submissions = []
        for k, ((c, attempt, outcome, days), observation) in enumerate(
            zip(plan, observations, strict=True)
        ):
            is_decided = outcome in (Out.PASSED, Out.REPEAT)
            submitted = observation.submitted_at
            submissions.append(
                Submission(
                    candidacy=c,
                    purpose=Submission.Purpose.CERTIFICATION,
                    attempt=attempt,
                    observation=observation,
                    created_at=(submitted or self.now) - dt.timedelta(days=1),
                    created_by_id=c.person.user_id,
                    submitted_at=submitted,
                    outcome=outcome,
                    total=(maximum - 2 if outcome == Out.PASSED else 9) if is_decided else None,
                    minimum=self.version.passing_total if is_decided else None,
                    feedback="Tie each behaviour to a moment of the meeting."
                    if outcome == Out.REPEAT
                    else "",
                    decided_by=self.associates[k % ASSOCIATES] if is_decided else None,
                    decided_at=self.ago(days - 3) if is_decided else None,
                )
            )
        review_of = {id(p): reviews[k] for k, p in enumerate(decided)}
        for s, p in zip(submissions, plan, strict=True):
            s.review = review_of.get(id(p))
        self.bulk("submissions", Submission, submissions)
        prefix = certificate_services.number_prefix(self.provider.name)
        numbers = set()
        certificates = []
        for k, c in enumerate(certified):
            issued = self.today - dt.timedelta(days=(k * 13) % 800)
            expires = issued + dt.timedelta(days=730)
            number = certificate_services.new_number(prefix, issued.year)
            while number in numbers:
                number = certificate_services.new_number(prefix, issued.year)
            numbers.add(number)
            certificates.append(
                Certificate(
                    candidacy=c,
                    number=number,
                    issued_on=issued,
                    expires_on=expires,
                    status=Certificate.Status.LAPSED
                    if expires < self.today
                    else Certificate.Status.ACTIVE,
                )
            )
        self.bulk("certificates", Certificate, certificates)

    def notifications(self):
        """Four in ten to district admins, the rest to candidates; seven in ten read."""
        admins = list(self.admin_of.values())
        candidates = [c.person.user for c in self.all_candidacies]
        kinds = [k for k, _ in Notification.Kind.choices]

        def rows():
            for i in range(self.scale.notifications):
                to_admin = i % 10 < 4
                pool = admins if to_admin else candidates
                recipient = pool[(i // 10) % len(pool)]
                created = self.ago((i * 7) % 365, hours=i % 24)
                yield Notification(
                    recipient=recipient,
                    kind=kinds[i % len(kinds)],
                    subject=f"Benchmark notice {i + 1}",
                    body="Something in the pipeline changed; open it to see what.",
                    url="",
                    created_at=created,
                    read_at=created + dt.timedelta(hours=2) if i % 10 < 7 else None,
                    email=Notification.Email.SENT,
                    email_sent_at=created,
                )

        self.bulk("notifications", Notification, rows())

    def engagements(self):
        """Each district's certified coaches coach its staff: per district, a team engagement
        (the district leadership team, at stage 2), a school's (stage 1), and individual ones,
        the first of them with a candidate who has a login (the benchmark's coachee). Ten
        sessions each, three action steps (open, practising, met) and two check-ins (one
        answered in time, one waiting)."""
        P, E = Candidacy.Phase, Engagement
        per = self.scale.engagements // self.scale.districts
        coaches_of, logins_of = {}, {}
        for c in self.all_candidacies:
            d = c.person.district_id
            if c.phase == P.CERTIFIED:
                coaches_of.setdefault(d, []).append(c.person.user)
            elif c.phase == P.IDENTIFIED:
                logins_of.setdefault(d, []).append(c.person)
        staff_of = {
            d: [p for p in people if p.user_id is None] for d, people in self.people_of.items()
        }
        teams = self.bulk(
            "teams",
            Team,
            (Team(district_id=d.pk, name="District leadership team") for d in self.districts),
        )
        self.bulk(
            "team members",
            Team.members.through,
            (
                Team.members.through(team=team, person=person)
                for team in teams
                for person in staff_of[team.district_id][:5]
            ),
        )
        team_of = {team.district_id: team for team in teams}
        agreement = {
            "program": self.program,
            "model": E.CoachingModel.FACILITATOR,
            "process_described": True,
            "confidentiality_explained": True,
            "commitment_given": True,
            "response_window_days": 2,
            "checkin_methods": ["email", "phone"],
            "agreement_notes": "Fortnightly sessions; questions by e-mail.",
        }
        objects = []
        for d in self.districts:
            coaches = coaches_of.get(d.pk) or [self.admin_of[d.pk]]
            people = logins_of.get(d.pk, [])[:1] + staff_of[d.pk][5:]
            for k in range(per):
                starts = self.today - dt.timedelta(days=30 + (d.pk * 7 + k * 13) % 300)
                coach = coaches[k % len(coaches)]
                who = {"coachee_kind": E.CoacheeKind.PERSON, "level": E.Level.INDIVIDUAL}
                if k == 1:
                    who = {"coachee_kind": "team", "coachee_team": team_of[d.pk], "level": "team"}
                    who["stage"] = E.Stage.SUPPORTS
                elif k == 2:
                    who = {"coachee_kind": "school", "level": "system", "stage": E.Stage.MODELS}
                    who["coachee_school"] = self.schools_of[d.pk][0]
                else:
                    who["coachee_person"] = people[(k - (k > 2) * 2) % len(people)]
                objects.append(
                    Engagement(
                        district=d,
                        coach=coach,
                        starts_on=starts,
                        agreed_on=starts,
                        started_by=self.admin_of[d.pk],
                        created_at=self.now - dt.timedelta(days=(self.today - starts).days),
                        **who,
                        **agreement,
                    )
                )
        made = self.bulk("engagements", Engagement, objects)
        self.bulk(
            "stage changes",
            StageChange,
            (
                StageChange(
                    engagement=e,
                    from_stage=None,
                    to_stage=e.stage,
                    changed_by=e.coach,
                    changed_on=e.starts_on,
                    reason="Where the team starts.",
                )
                for e in made
                if e.stage
            ),
        )
        modes = [m for m, _ in CoachingSession.Mode.choices]
        activities = [a for a, _ in CoachingSession.Activity.choices]
        self.bulk(
            "coaching sessions",
            CoachingSession,
            (
                CoachingSession(
                    engagement=e,
                    held_on=min(self.today, e.starts_on + dt.timedelta(days=3 + 14 * n)),
                    minutes=30 + 15 * (n % 4),
                    mode=modes[n % len(modes)],
                    activities=[activities[n % len(activities)], activities[(n + 3) % 9]],
                    notes="Looked at the last meeting's agenda together; rehearsed the opening.",
                    next_steps="Try the parking lot at the next meeting.",
                    logged_by=e.coach,
                    created_at=self.now
                    - dt.timedelta(days=max(0, (self.today - e.starts_on).days - 3 - 14 * n)),
                )
                for e in made
                for n in range(10)
            ),
        )
        S = ActionStep.Status
        self.bulk(
            "action steps",
            ActionStep,
            (
                ActionStep(
                    engagement=e,
                    step=f"Step {n + 1}: open the meeting with the agenda and the ground rules.",
                    success_criteria="Every member can say the meeting's purpose.",
                    follow_up_on=self.today + dt.timedelta(days=n * 5 - 3),
                    status=status,
                    evidence="Seen at the last two meetings." if status == S.MET else "",
                    status_changed_on=self.today if status != S.OPEN else None,
                    set_by=e.coach,
                    created_at=self.now - dt.timedelta(days=10),
                )
                for e in made
                for n, status in enumerate((S.OPEN, S.PRACTISING, S.MET))
            ),
        )
        checkins = []
        for e in made:
            asker = (
                e.coachee_person.user
                if e.coachee_person_id and e.coachee_person.user_id
                else e.coach
            )
            for n in range(2):
                asked = self.now - dt.timedelta(days=9 - 8 * n)
                answered = asked + dt.timedelta(hours=20) if n == 0 else None
                checkins.append(
                    CheckIn(
                        engagement=e,
                        text="How should I open a meeting that started badly last time?",
                        asked_by=asker,
                        asked_at=asked,
                        window_days=e.response_window_days,
                        due_at=CheckIn.due_from(asked, e.response_window_days),
                        answer="Name it, reset the agenda, and agree the ground rules again."
                        if answered
                        else "",
                        answered_by=e.coach if answered else None,
                        answered_at=answered,
                    )
                )
        self.bulk("check-ins", CheckIn, checkins)

    # --- courses and peer coaching ---------------------------------------------------------------

    def certified_coaches(self) -> list:
        """The certified coaches' people (each with a login and a coach role), district by
        district."""
        return [c.person for c in self.all_candidacies if c.phase == Candidacy.Phase.CERTIFIED]

    def courses(self):
        """The provider's coach-training program (every district enrolled) with the Steplab
        course, run by its facilitator for `course_runs` cohorts of certified coaches: the first
        `SESSIONS_HELD` sessions scheduled, held and attended, each coach's answers to their
        questions, and the cohort in reciprocal pairs (one triad in a district with an odd number
        of its coaches; a district's lone coach stays unpaired), as `pairs_make` leaves them."""
        TE, A = TrainingEvent.Kind, Registration.Attendance
        program = Program.objects.create(
            provider=self.provider,
            name="Benchmark coach training",
            slug=CURRICULUM_SLUG,
            kind=Program.Kind.CURRICULUM,
        )
        self.bulk(
            "enrollments",
            Enrollment,
            (
                Enrollment(program=program, district=d, enrolled_on=self.today)
                for d in self.districts
            ),
        )
        self.facilitator = User.objects.create(
            email=f"facilitator@{EMAIL_DOMAIN}", first_name="Facilitator", password="!benchmark"
        )
        RoleMembership.objects.create(user=self.facilitator, role="associate", program=program)
        course, _ = course_install(spec=STEPLAB_COURSE, program=program)
        sessions = list(
            CourseSession.objects.filter(unit__stage__course=course)
            .prefetch_related("questions")
            .order_by("unit__stage__number", "unit__number", "number")
        )
        coaches = self.certified_coaches()
        size = min(COHORT_SIZE, len(coaches) // self.scale.course_runs)
        groups = [coaches[r * size : (r + 1) * size] for r in range(self.scale.course_runs)]
        cohorts = self.bulk(
            "cohorts",
            Cohort,
            (
                Cohort(
                    program=program,
                    name=f"Coach training cohort {r + 1}",
                    starts_on=self.today - dt.timedelta(days=20 * SESSIONS_HELD),
                )
                for r in range(len(groups))
            ),
        )
        self.bulk(
            "cohort members",
            Cohort.members.through,
            (
                Cohort.members.through(cohort=cohort, person=person)
                for cohort, group in zip(cohorts, groups, strict=True)
                for person in group
            ),
        )
        runs = self.bulk(
            "course runs",
            CourseRun,
            (CourseRun(course=course, cohort=c, facilitator=self.facilitator) for c in cohorts),
        )
        held = sessions[:SESSIONS_HELD]
        events = self.bulk(
            "training events",
            TrainingEvent,
            (
                TrainingEvent(
                    program=program,
                    kind=TE.COURSE_SESSION,
                    title=f"{run.cohort}: Unit {s.unit.number}.{s.number} {s.title}"[:200],
                    cohort=run.cohort,
                    audience=TrainingEvent.Audience.COHORT,
                    starts_at=self.now - dt.timedelta(days=14 * (SESSIONS_HELD - k)),
                    duration_minutes=s.duration_minutes,
                    created_by=self.facilitator,
                )
                for run in runs
                for k, s in enumerate(held)
            ),
        )
        event_of = {
            (run.pk, s.pk): events[i * len(held) + k]
            for i, run in enumerate(runs)
            for k, s in enumerate(held)
        }
        self.bulk(
            "registrations",
            Registration,
            (
                Registration(
                    event=event_of[run.pk, s.pk],
                    person=person,
                    attendance=A.ATTENDED,
                    registered_by=self.facilitator,
                    recorded_by=self.facilitator,
                    recorded_at=event_of[run.pk, s.pk].starts_at,
                )
                for run, group in zip(runs, groups, strict=True)
                for s in held
                for person in group
            ),
        )
        run_sessions = self.bulk(
            "run sessions",
            RunSession,
            (
                RunSession(run=run, session=s, event=event_of[run.pk, s.pk])
                for run in runs
                for s in held
            ),
        )
        questions = self.bulk(
            "run questions",
            RunQuestion,
            (
                RunQuestion(run_session=rs, source=q, part=q.part, position=q.position, text=q.text)
                for rs in run_sessions
                for q in sorted(rs.session.questions.all(), key=lambda q: (q.part, q.position))
            ),
        )
        group_of = dict(zip((run.pk for run in runs), groups, strict=True))
        self.bulk(
            "course answers",
            CourseAnswer,
            (
                CourseAnswer(
                    question=q,
                    person=person,
                    text=f"Answer {n + 1}: I would name the step, then script the first line.",
                    typed_in_by=self.facilitator if n % 7 == 0 else None,
                    follow_up=n % 11 == 0,
                    answered_at=event_of[q.run_session.run_id, q.run_session.session_id].starts_at,
                )
                for q in questions
                for n, person in enumerate(group_of[q.run_session.run_id])
                if (n + q.pk) % 10  # nine in ten answer each question
            ),
        )
        # The pairs: within a district, two by two, a triad where the number is odd.
        planned = []  # (run, [people], its number within the run, as pairs_make numbers it)
        for run, group in zip(runs, groups, strict=True):
            by_district = {}
            for person in group:
                by_district.setdefault(person.district_id, []).append(person)
            of_run = []
            for people in by_district.values():
                pairs = [people[k : k + 2] for k in range(0, len(people) - 1, 2)]
                if len(people) % 2 and pairs:
                    pairs[-1].append(people[-1])
                of_run += pairs
            planned += [(run, pair, k) for k, pair in enumerate(of_run, start=1)]
        teams = self.bulk(
            "teams",
            Team,
            (
                Team(
                    district_id=pair[0].district_id,
                    name=f"{run.cohort}: pair {number} ("
                    + " and ".join(p.first_name for p in pair)
                    + ")",
                )
                for run, pair, number in planned
            ),
        )
        self.bulk(
            "team members",
            Team.members.through,
            (
                Team.members.through(team=team, person=person)
                for team, (_, pair, _) in zip(teams, planned, strict=True)
                for person in pair
            ),
        )
        starts = self.today - dt.timedelta(days=14 * (SESSIONS_HELD - 1))
        engagements = self.bulk(
            "engagements",
            Engagement,
            (
                Engagement(
                    program=program,
                    district_id=pair[0].district_id,
                    coach_id=pair[0].user_id,
                    coachee_kind=Engagement.CoacheeKind.TEAM,
                    coachee_team=team,
                    level=Engagement.Level.TEAM,
                    stage=Engagement.Stage.SELF_MONITORS,
                    model=Engagement.CoachingModel.RECIPROCAL,
                    starts_on=starts,
                    agreed_on=starts,
                    started_by=self.facilitator,
                    created_at=self.now - dt.timedelta(days=(self.today - starts).days),
                    **PAIR_AGREEMENT,
                )
                for team, (_, pair, _) in zip(teams, planned, strict=True)
            ),
        )
        self.bulk(
            "co-coaches",
            Engagement.co_coaches.through,
            (
                Engagement.co_coaches.through(engagement=e, user_id=person.user_id)
                for e, (_, pair, _) in zip(engagements, planned, strict=True)
                for person in pair[1:]
            ),
        )
        self.bulk(
            "stage changes",
            StageChange,
            (
                StageChange(
                    engagement=e,
                    from_stage=None,
                    to_stage=e.stage,
                    changed_by=self.facilitator,
                    changed_on=e.starts_on,
                    reason="The pair practises on its own, between sessions.",
                )
                for e in engagements
            ),
        )
        self.bulk(
            "course pairs",
            CoursePair,
            (
                CoursePair(run=run, engagement=e)
                for e, (run, _, _) in zip(engagements, planned, strict=True)
            ),
        )
        self.course_runs = runs
        self.course_run_sessions = run_sessions

    def peer(self):
        """The provider's peer-coaching program (every district enrolled): `peer_schools` schools
        (each district's first ones) with a team of their principal and two of the district's
        certified coaches, an endorsed plan, and `PARTNERSHIPS` partnerships each (a peer
        engagement with one of the school's staff, at a step of the cycle, with its cycle changes
        and three sessions)."""
        Step = Partnership.Step
        program = Program.objects.create(
            provider=self.provider, name="Benchmark peer coaching", slug=PEER_SLUG, kind="peer"
        )
        self.bulk(
            "enrollments",
            Enrollment,
            (
                Enrollment(program=program, district=d, enrolled_on=self.today)
                for d in self.districts
            ),
        )
        coaches_of = {}
        for person in self.certified_coaches():
            coaches_of.setdefault(person.district_id, []).append(person)
        per = self.scale.peer_schools // self.scale.districts
        schools = [school for d in self.districts for school in self.schools_of[d.pk][:per]]
        staff_of = {}
        for person in self.people:
            if person.user_id is None:
                staff_of.setdefault(person.school_id, []).append(person)
        teams = self.bulk(
            "peer teams",
            PeerTeam,
            (
                PeerTeam(program=program, school=s, created_by=self.principal_of[s.pk])
                for s in schools
            ),
        )
        self.bulk(
            "peer team coaches",
            PeerTeam.coaches.through,
            (
                PeerTeam.coaches.through(peerteam=team, user_id=person.user_id)
                for team in teams
                for person in coaches_of.get(team.school.district_id, [])[:2]
            ),
        )
        written = self.now - dt.timedelta(days=60)
        self.bulk(
            "peer plans",
            PeerPlan,
            (
                PeerPlan(
                    team=team,
                    version=1,
                    goals="Every teacher plans with a partner once a month.",
                    plan="Peer coaches meet their partners fortnightly; the cycle each term.",
                    written_by=self.principal_of[team.school_id],
                    written_at=written,
                    endorsed_by=self.principal_of[team.school_id],
                    endorsed_on=(written + dt.timedelta(days=2)).date(),
                )
                for team in teams
            ),
        )
        starts = self.today - dt.timedelta(days=50)
        planned = []  # (team, coach user id, partner)
        for team in teams:
            coaches = coaches_of.get(team.school.district_id, [])[:2]
            for k, partner in enumerate(staff_of.get(team.school_id, [])[:PARTNERSHIPS]):
                if coaches:
                    planned.append((team, coaches[k % len(coaches)].user_id, partner))
        engagements = self.bulk(
            "engagements",
            Engagement,
            (
                Engagement(
                    program=program,
                    district_id=team.school.district_id,
                    coach_id=coach,
                    coachee_kind=Engagement.CoacheeKind.PERSON,
                    coachee_person=partner,
                    level=Engagement.Level.INDIVIDUAL,
                    model=Engagement.CoachingModel.PEER,
                    starts_on=starts,
                    agreed_on=starts,
                    process_described=True,
                    confidentiality_explained=True,
                    commitment_given=True,
                    response_window_days=2,
                    checkin_methods=[
                        Engagement.CheckInMethod.IN_PERSON,
                        Engagement.CheckInMethod.EMAIL,
                    ],
                    started_by=self.principal_of[team.school_id],
                    created_at=self.now - dt.timedelta(days=50),
                )
                for team, coach, partner in planned
            ),
        )
        steps = list(Step)
        partnerships = self.bulk(
            "partnerships",
            Partnership,
            (
                Partnership(
                    team=team,
                    engagement=e,
                    school_year=school_year_of(starts),
                    step=steps[k % len(steps)],
                    step_changed_at=self.now - dt.timedelta(days=5),
                    assigned_by=self.principal_of[team.school_id],
                )
                for k, (e, (team, _, _)) in enumerate(zip(engagements, planned, strict=True))
            ),
        )
        changes = []
        for p in partnerships:
            upto = steps.index(p.step)
            for i in range(upto + 1):
                changes.append(
                    CycleChange(
                        partnership=p,
                        from_step=steps[i - 1] if i else "",
                        to_step=steps[i],
                        changed_by_id=p.engagement.coach_id,
                        changed_at=self.now - dt.timedelta(days=50 - 9 * i),
                    )
                )
        self.bulk("cycle changes", CycleChange, changes)
        modes = [m for m, _ in CoachingSession.Mode.choices]
        self.bulk(
            "coaching sessions",
            CoachingSession,
            (
                CoachingSession(
                    engagement=e,
                    held_on=starts + dt.timedelta(days=3 + 14 * n),
                    minutes=30,
                    mode=modes[n % len(modes)],
                    activities=["co_planning" if n % 2 else "observation"],
                    notes="Planned the lesson's opening together.",
                    logged_by_id=e.coach_id,
                    created_at=self.now - dt.timedelta(days=47 - 14 * n),
                )
                for e in engagements
                for n in range(3)
            ),
        )
        self.peer_teams = teams


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def seed(scale: Scale, *, stdout=None) -> dict:
    """Make the scale's data in this database; returns {"timings": ..., "counts": ...}."""
    return Seeder(scale, stdout=stdout).run()


def accounts() -> dict:
    """The logins and records the benchmarked pages are fetched as and for (see PAGES)."""
    program = Program.objects.get(slug=PROGRAM_SLUG)
    district = District.objects.filter(slug__startswith="bench-district-").order_by("pk").first()
    certified = (
        Candidacy.objects.filter(program=program, phase=Candidacy.Phase.CERTIFIED)
        .filter(person__district=district, certificate__status=Certificate.Status.ACTIVE)
        .select_related("person__user", "certificate")
        .order_by("pk")
        .first()
    )
    review = (
        Candidacy.objects.filter(program=program, phase=Candidacy.Phase.FEEDBACK_REVIEW)
        .filter(person__district=district)
        .order_by("pk")
        .first()
    )
    waiting = (
        Submission.objects.filter(candidacy__program=program, outcome=Submission.Outcome.PENDING)
        .order_by("submitted_at", "pk")
        .first()
    )
    school = School.objects.filter(district=district).order_by("pk").first()
    engagement = (
        Engagement.objects.filter(coach=certified.person.user, coachee_kind="person")
        .select_related("coachee_person__user")
        .order_by("pk")
        .first()
    )
    run = CourseRun.objects.filter(course__program__slug=CURRICULUM_SLUG).order_by("pk").first()
    run_session = RunSession.objects.filter(run=run).order_by("pk").first()
    team = PeerTeam.objects.filter(school=school, program__slug=PEER_SLUG).first()
    return {
        "users": {
            "associate": User.objects.get(email=f"associate-1@{EMAIL_DOMAIN}"),
            "facilitator": User.objects.get(email=f"facilitator@{EMAIL_DOMAIN}"),
            "district_admin": User.objects.get(email=f"admin-{district.pk}@{EMAIL_DOMAIN}"),
            "coach": certified.person.user,
            "candidate": review.person.user,
            "principal": User.objects.get(email=f"principal-{school.pk}@{EMAIL_DOMAIN}"),
            "coachee": engagement.coachee_person.user,
            "anonymous": None,
        },
        "ids": {
            "program": program.pk,
            "cfr_version": program.certification_settings.cfr_version_id,
            "district": district.pk,
            "school": school.pk,
            "candidacy": review.pk,
            "certified_candidacy": certified.pk,
            "person": review.person_id,
            "coach_person": certified.person_id,
            "certificate": certified.certificate.pk,
            "certificate_number": certified.certificate.number,
            "submission": waiting.pk if waiting else 0,
            "engagement": engagement.pk,
            "course_run": run.pk,
            "run_session": run_session.pk,
            "peer_team": team.pk,
        },
    }
