"""Demo coaching engagements, through coaching's services (added once: skipped when the demo has
engagements already):

- IL MTSS Network: the network coach (networkcoach@ilmtss.example) coaches Riverbend's district
  leadership team for systems change, now at stage 2, with its history (1 → 2, back to 1 when the
  team changed, 2 again);
- "coach the coach": the network coach coaches Riverbend's district coach (coach@riverbend.example);
- instructional coaching (a Steplab-style program Maple Valley enrols in): Maple Valley's coach
  (coach@maplevalley.example) coaches a teacher (coachee@maplevalley.example) under a
  Missouri-style agreement with a two-day response window, with open, practising, met, dropped
  and overdue action steps (`missouri_engagement()` finds it: check-ins hang on it);
- sessions in every mode: onsite, virtual, phone, e-mail, job-embedded.
"""

import datetime as dt

from django.utils import timezone

from coaching.models import (
    ActionStep,
    District,
    Engagement,
    Enrollment,
    Person,
    Program,
    Provider,
    RoleMembership,
    School,
    User,
)
from coaching.services import engagements as services

Role = RoleMembership.Role

NETWORK_COACH = ("networkcoach@ilmtss.example", "Rosa", "Alvarez")
COACHEE = ("coachee@maplevalley.example", "Ava", "Thompson", "Fourth-grade Teacher")
MISSOURI_AGREEMENT = {
    "process_described": True,
    "confidentiality_explained": True,
    "commitment_given": True,
    "response_window_days": 2,
    "checkin_methods": ["email", "in_person", "video"],
    "agreement_notes": "We check in by e-mail between sessions; Jordan answers within two days.",
}


def _day(n):
    return timezone.localdate() + dt.timedelta(days=n)


def missouri_engagement():
    """The demo's instructional engagement with the two-day response window."""
    return (
        Engagement.objects.filter(coachee_person__user__email=COACHEE[0], response_window_days=2)
        .order_by("pk")
        .first()
    )


def load(*, user_for, mtss: Program):
    if Engagement.objects.exists():
        return
    riverbend = District.objects.get(slug="riverbend")
    maple = District.objects.get(slug="maple-valley")
    network_coach = user_for(*NETWORK_COACH)
    RoleMembership.objects.get_or_create(user=network_coach, role=Role.ASSOCIATE, program=mtss)
    _network(riverbend, mtss, network_coach)
    _instructional(maple, user_for)


def _network(district, mtss, network_coach):
    people = {p.user.email if p.user_id else p.last_name: p for p in district.people.all()}
    admin = User.objects.get(email="admin@riverbend.example")
    team = services.team_create(
        district=district,
        by=admin,
        name="District leadership team",
        members=[
            people["admin@riverbend.example"],
            people["coach@riverbend.example"],
            people["Mendes"],
            people["Turner"],
        ],
    )
    agreement = MISSOURI_AGREEMENT | {
        "response_window_days": 5,
        "checkin_methods": ["email", "video"],
        "agreement_notes": "Monthly onsite visits; the team sends its agenda a week ahead.",
    }
    systems = services.engagement_start(
        by=network_coach,
        program=mtss,
        district=district,
        coach=network_coach,
        coachee_kind=Engagement.CoacheeKind.DISTRICT,
        coachee_team=team,
        level=Engagement.Level.SYSTEM,
        model=Engagement.CoachingModel.NETWORK,
        starts_on=_day(-150),
        **agreement,
    )
    services.goal_add(
        engagement=systems,
        by=network_coach,
        text="Run the district's tiered-support data meetings with fidelity",
        success_criteria="Fidelity checklist at 80% or more in three meetings running",
    )
    _session(systems, network_coach, -140, 120, "onsite", ["modelling", "data_review"], team)
    _session(systems, network_coach, -110, 90, "onsite", ["modelling", "co_planning"], team)
    services.stage_change(
        engagement=systems,
        by=network_coach,
        to_stage=2,
        reason="The team led its own fall data review, with the coach beside it.",
        evidence="Fidelity checklist 72%, agenda and notes kept by the team.",
        changed_on=_day(-90),
    )
    _session(
        systems, network_coach, -80, 60, "virtual", ["feedback", "reflective_questioning"], team
    )
    services.stage_change(
        engagement=systems,
        by=network_coach,
        to_stage=1,
        reason="Three new members joined after the reorganisation; modelling the protocol again.",
        evidence="Two of four members new to the data-meeting protocol.",
        changed_on=_day(-70),
    )
    _session(systems, network_coach, -60, 120, "onsite", ["modelling", "data_review"], team)
    services.stage_change(
        engagement=systems,
        by=network_coach,
        to_stage=2,
        reason="The team runs the winter screening review; the coach gives feedback after.",
        evidence="Fidelity checklist 78%.",
        changed_on=_day(-40),
    )
    _session(systems, network_coach, -20, 180, "job_embedded", ["feedback", "data_review"], team)
    _session(
        systems,
        network_coach,
        -6,
        15,
        "async",
        ["just_in_time"],
        team,
        notes="Sent the protocol's revised agenda by e-mail.",
    )

    coach = people["coach@riverbend.example"]
    coach_the_coach = services.engagement_start(
        by=network_coach,
        program=mtss,
        district=district,
        coach=network_coach,
        coachee_kind=Engagement.CoacheeKind.PERSON,
        coachee_person=coach,
        level=Engagement.Level.INDIVIDUAL,
        model=Engagement.CoachingModel.NETWORK,
        starts_on=_day(-100),
        **(MISSOURI_AGREEMENT | {"response_window_days": 3, "agreement_notes": ""}),
    )
    services.goal_add(
        engagement=coach_the_coach,
        by=network_coach,
        text="Coach the school teams without the network coach in the room",
        success_criteria="Leads two school-team meetings alone, with feedback after",
    )
    _session(
        coach_the_coach,
        network_coach,
        -45,
        30,
        "phone",
        ["reflective_questioning"],
        None,
        notes="Planned how to open the school-team meeting.",
    )
    _session(
        coach_the_coach,
        network_coach,
        -15,
        45,
        "virtual",
        ["rehearsal", "feedback"],
        None,
        notes="Rehearsed the feedback conversation.",
    )
    services.action_step_set(
        engagement=coach_the_coach,
        by=network_coach,
        step="Open each school-team meeting with the data question",
        success_criteria="The team names one decision from its data in the first ten minutes",
        follow_up_on=_day(10),
    )


def _instructional(district, user_for):
    provider, _ = Provider.objects.get_or_create(slug="steplab", defaults={"name": "Steplab"})
    program, _ = Program.objects.get_or_create(
        slug="maple-valley-instructional-coaching",
        defaults={
            "provider": provider,
            "name": "Instructional coaching (Steplab programme)",
            "kind": Program.Kind.CURRICULUM,
            "description": "Weekly observation and feedback with high-leverage action steps.",
        },
    )
    Enrollment.objects.get_or_create(
        program=program, district=district, defaults={"enrolled_on": dt.date(2026, 8, 15)}
    )
    email, first, last, title = COACHEE
    user = user_for(email, first, last)
    school = School.objects.get(district=district, name="Maple Valley Elementary")
    teacher, _ = Person.objects.get_or_create(
        district=district,
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "job_title": title,
            "school": school,
            "user": user,
        },
    )
    RoleMembership.objects.get_or_create(user=user, role=Role.COACHEE, district=district)
    admin = User.objects.get(email="admin@maplevalley.example")
    coach = User.objects.get(email="coach@maplevalley.example")
    engagement = services.engagement_start(
        by=admin,
        program=program,
        district=district,
        coach=coach,
        coachee_kind=Engagement.CoacheeKind.PERSON,
        coachee_person=teacher,
        level=Engagement.Level.INDIVIDUAL,
        model=Engagement.CoachingModel.INSTRUCTIONAL,
        starts_on=_day(-70),
        **MISSOURI_AGREEMENT,
    )
    services.goal_add(
        engagement=engagement,
        by=coach,
        text="Every student thinks hard in the first ten minutes",
        success_criteria="A retrieval Do Now answered by all, checked within five minutes",
    )
    _session(
        engagement,
        coach,
        -63,
        45,
        "onsite",
        ["observation", "feedback"],
        teacher,
        notes="Observed the maths lesson opening; praised the routines.",
    )
    _session(
        engagement,
        coach,
        -49,
        30,
        "onsite",
        ["modelling", "rehearsal"],
        teacher,
        notes="Modelled a cold call; we rehearsed it twice.",
    )
    _session(
        engagement,
        coach,
        -35,
        10,
        "async",
        ["just_in_time"],
        teacher,
        notes="E-mail: where to find the retrieval question bank.",
    )
    _session(
        engagement,
        coach,
        -21,
        40,
        "job_embedded",
        ["co_teaching"],
        teacher,
        notes="Co-taught the fractions lesson.",
    )
    _session(
        engagement,
        coach,
        -7,
        30,
        "onsite",
        ["observation", "feedback", "reflective_questioning"],
        teacher,
        notes="What is working: the Do Now. Not yet: checking every answer.",
    )
    steps = [
        (
            "Post the Do Now before students arrive",
            "On the board at the bell, every day",
            5,
            "met",
            "Seen in four observed lessons.",
        ),
        (
            "Cold call three students in the Do Now review",
            "Three cold calls, no hands up",
            3,
            "practising",
            "",
        ),
        (
            "Use mini-whiteboards for the hinge question",
            "Every student shows an answer",
            2,
            "open",
            "",
        ),
        (
            "Circulate with a checklist during independent work",
            "Every desk visited in five minutes",
            -8,
            "open",
            "",
        ),
        (
            "Exit ticket every lesson",
            "Exit tickets sorted before the next lesson",
            4,
            "dropped",
            "Replaced by the hinge question.",
        ),
    ]
    for step, criteria, follow_up, status, evidence in steps:
        made = services.action_step_set(
            engagement=engagement,
            by=coach,
            step=step,
            success_criteria=criteria,
            follow_up_on=_day(max(follow_up, 0)),
        )
        if follow_up < 0:  # set when it was due a week ago: overdue now
            ActionStep.objects.filter(pk=made.pk).update(follow_up_on=_day(follow_up))
        if status != "open":
            services.action_step_advance(
                action_step=made, by=coach, status=status, evidence=evidence
            )


def _session(engagement, by, day, minutes, mode, activities, who, *, notes=""):
    if who is None:
        participants = []
    elif hasattr(who, "members"):
        participants = list(who.members.all())
    else:
        participants = [who]
    return services.session_log(
        engagement=engagement,
        by=by,
        held_on=_day(day),
        minutes=minutes,
        mode=mode,
        activities=activities,
        participants=participants,
        notes=notes or "Worked through the next part of the plan.",
        next_steps="Bring the next data set." if mode == "onsite" else "",
    )
