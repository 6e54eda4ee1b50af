"""The demo's coach-training course, through coaching's services (added once: skipped when the
cohort exists already):

- the provider Steplab's "Steplab Coaching Programme" (a program of the curriculum kind) with the
  shipped course (install_courses), enrolling Maple Valley and Riverbend;
- its facilitator, facilitator@steplab.example (an associate of the program);
- a cohort of six coaches from both districts (coach@, coach3@, coach4@ and the new coach5@ of
  Maple Valley; coach@ and the new coach2@ of Riverbend) part-way through Stage 1: Unit 1's two
  sessions joined in one slot three weeks ago, Unit 2's first session a week ago (adapted: one
  more question), its second one to come; attendance recorded, exit tickets answered (one typed in
  from paper by the facilitator, one marked to follow up);
- three reciprocal pairs made by hand at the first session, two of them across the districts
  (each of a Maple Valley and a Riverbend coach, owned by Maple Valley's; both districts' admins
  see their activity), with some practice logged between sessions.
"""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from coaching.models import (
    CourseRun,
    District,
    Enrollment,
    Person,
    Program,
    Provider,
    Registration,
    RoleMembership,
    School,
)
from coaching.selectors import courses as selectors
from coaching.services import courses as services
from coaching.services import engagements as engagement_services
from coaching.services import training as training_services

Role = RoleMembership.Role

FACILITATOR = ("facilitator@steplab.example", "Morgan", "Hale")
PROGRAM_SLUG = "steplab-coaching-programme"
COHORT = "Autumn 2026 coaches"
NEW_COACHES = [
    # (district slug, school, email, first, last, job title)
    (
        "maple-valley",
        "Cedar Ridge Middle School",
        "coach5@maplevalley.example",
        "Noah",
        "Fischer",
        "Instructional Coach",
    ),
    (
        "riverbend",
        "Lakeside Elementary",
        "coach2@riverbend.example",
        "Ines",
        "Moreau",
        "Literacy Coach",
    ),
]
MEMBERS = [
    "coach@maplevalley.example",
    "coach3@maplevalley.example",
    "coach4@maplevalley.example",
    "coach5@maplevalley.example",
    "coach@riverbend.example",
    "coach2@riverbend.example",
]
TICKETS = {
    # session index → the exit-ticket answers, in the order of MEMBERS (None: not handed in)
    0: [
        "Coaching is for improving the teacher's practice one small step at a time.",
        "It makes feedback regular and specific, not a judgement once a year.",
        "To grow teachers through frequent, low-stakes observation and feedback.",
        None,
        "Small steps, practised, then checked at the next observation.",
        "It is for the teacher: I had thought of it as for the school's data.",
    ],
    1: [
        "Observe, diagnose, set the action step, model, rehearse.",
        "Observe, feedback, action step, practice, follow up. Not sure of the order.",
        "Observe, diagnose, action step, model, practise and follow up.",
        "Observation, action step, modelling, rehearsal, review.",
        None,
        "Observe, praise, action step, model, rehearse.",
    ],
    2: [
        "Small enough to practise this week, and it changes what students do.",
        "One the teacher can do tomorrow with an effect the students feel.",
        "It moves the most with the least: the root of what I saw.",
        "Bite-sized, observable and aimed at the biggest gap.",
        None,
        "The smallest change with the biggest effect on the students.",
    ],
}
# The pairs the facilitator made by hand (by MEMBERS' e-mails): two across the districts.
PAIRS = [
    ("coach@maplevalley.example", "coach@riverbend.example"),
    ("coach3@maplevalley.example", "coach2@riverbend.example"),
    ("coach4@maplevalley.example", "coach5@maplevalley.example"),
]
PRACTICE = [
    # (pair index, days ago, minutes, notes)
    (0, 16, 25, "Rehearsed opening a feedback conversation with precise praise."),
    (0, 9, 20, "Practised writing an action step from a lesson clip."),
    (1, 12, 30, "Took turns modelling the action step before rehearsal."),
    (2, 15, 20, "Observed each other's Do Now and gave one action step each."),
    (2, 4, 25, "Rehearsed cutting an action step down to one week's practice."),
]


def _day(n):
    return timezone.localdate() + dt.timedelta(days=n)


def _at(days, hour=15, minute=30):
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


def program():
    """The demo's course program, made if missing."""
    provider, _ = Provider.objects.get_or_create(slug="steplab", defaults={"name": "Steplab"})
    found, _ = Program.objects.get_or_create(
        slug=PROGRAM_SLUG,
        defaults={
            "provider": provider,
            "name": "Steplab Coaching Programme",
            "kind": Program.Kind.CURRICULUM,
            "description": "Training for instructional coaches: two stages of 30-minute sessions, "
            "practised in reciprocal pairs between sessions.",
        },
    )
    for slug in ("maple-valley", "riverbend"):
        Enrollment.objects.get_or_create(
            program=found,
            district=District.objects.get(slug=slug),
            defaults={"enrolled_on": dt.date(2026, 8, 20)},
        )
    return found


def load(*, user_for, stdout=None):
    steplab = program()
    facilitator = user_for(*FACILITATOR)
    RoleMembership.objects.get_or_create(user=facilitator, role=Role.ASSOCIATE, program=steplab)
    call_command("install_courses", program=PROGRAM_SLUG, stdout=stdout)
    course = steplab.courses.get()
    if CourseRun.objects.filter(course=course, cohort__name=COHORT).exists():
        return
    for slug, school, email, first, last, title in NEW_COACHES:
        district = District.objects.get(slug=slug)
        user = user_for(email, first, last)
        Person.objects.get_or_create(
            district=district,
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "school": School.objects.get(district=district, name=school),
                "user": user,
            },
        )
        RoleMembership.objects.get_or_create(user=user, role=Role.COACH, district=district)
    people = {p.user.email: p for p in Person.objects.filter(user__email__in=MEMBERS)}
    members = [people[email] for email in MEMBERS]
    run = services.run_create(
        course=course, by=facilitator, name=COHORT, members=members, starts_on=_day(-21)
    )
    sessions = selectors.course_sessions(course)
    first = services.sessions_schedule(
        run=run, sessions=sessions[:2], by=facilitator, starts_at=_at(-21), location="Library"
    )
    # Unit 2's first session, adapted for this cohort before it ran: one more exit-ticket question.
    adapted = services.run_session_open(run=run, session=sessions[2], by=facilitator)
    services.question_add(
        run_session=adapted,
        by=facilitator,
        part="exit_ticket",
        text="Which of your coachee's action steps would you now rewrite, and how?",
    )
    second = services.sessions_schedule(
        run=run, sessions=[sessions[2]], by=facilitator, starts_at=_at(-7), location="Library"
    )
    services.sessions_schedule(
        run=run, sessions=[sessions[3]], by=facilitator, starts_at=_at(6), location="Library"
    )
    absent = {second.pk: {people["coach@riverbend.example"].pk}}
    for event in (first, second):
        marks = {
            r.pk: "absent" if r.person_id in absent.get(event.pk, set()) else "attended"
            for r in Registration.objects.filter(event=event)
        }
        training_services.attendance_record(event=event, attendance=marks, by=facilitator)
    for index, texts in TICKETS.items():
        run_session = run.run_sessions.get(session=sessions[index])
        question = run_session.questions.filter(part="exit_ticket").order_by("position").first()
        for person, text in zip(members, texts, strict=True):
            if text is None:
                continue
            # Riverbend's coaches handed in paper tickets at the first slot: typed in.
            typed_in = index < 2 and person.district.slug == "riverbend"
            services.answers_save(
                run_session=run_session,
                person=person,
                answers={question.pk: text},
                by=facilitator if typed_in else person.user,
            )
    follow_up = (
        run.run_sessions.get(session=sessions[1])
        .questions.get(part="exit_ticket", position=0)
        .answers.get(person=people["coach3@maplevalley.example"])
    )
    services.answer_follow_up(answer=follow_up, by=facilitator, follow_up=True)
    pairs = services.pairs_make(
        run=run,
        groups=[[people[email] for email in pair] for pair in PAIRS],
        by=facilitator,
        starts_on=_day(-21),
    )
    for index, days_ago, minutes, notes in PRACTICE:
        engagement = pairs[index].engagement
        engagement_services.session_log(
            engagement=engagement,
            by=engagement.coach,
            held_on=_day(-days_ago),
            minutes=minutes,
            mode="onsite",
            activities=["rehearsal", "feedback"],
            notes=notes,
        )
