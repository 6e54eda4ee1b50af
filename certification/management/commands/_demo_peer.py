"""Demo peer coaching at Maple Valley Elementary, through coaching's services (added once: skipped
when the demo has a school coaching team already):

- a peer-coaching program for technology integration, which Maple Valley enrols in;
- the school coaching team: the principal (principal@maplevalley.example) and three peer coaches
  (peercoach@maplevalley.example, the district's coach coach@maplevalley.example, and a third);
- its plan, endorsed by the principal (version 1), and a revised version 2 endorsed since;
- three partnerships at different steps of the cycle: the peer coach with the partner teacher
  (partner@maplevalley.example) at "observe", with co-planning, team-teaching, just-in-time help,
  reflections, two artifacts and a request for focused time (scheduled); the others at "co-plan"
  and "brainstorm".
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from coaching.models import (
    CycleChange,
    District,
    Enrollment,
    Partnership,
    PeerTeam,
    Person,
    Program,
    Provider,
    RoleMembership,
    School,
)
from coaching.services import peer as services

Role = RoleMembership.Role

PEER_COACH = ("peercoach@maplevalley.example", "Kendra", "Hale", "Fifth-grade Teacher")
PEER_COACH_2 = ("peercoach2@maplevalley.example", "Luis", "Romero", "Library Media Specialist")
PARTNER = ("partner@maplevalley.example", "Nadia", "Osei", "Third-grade Teacher")
# A one-page PDF (its content is what the artifact check reads).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _day(n):
    return timezone.localdate() + dt.timedelta(days=n)


def _at(n):
    return timezone.now() + dt.timedelta(days=n)


def _staff(district, school, user_for, spec, *, role=None):
    email, first, last, title = spec
    user = user_for(email, first, last)
    person, _ = Person.objects.get_or_create(
        district=district,
        email=email,
        defaults={
            "user": user,
            "first_name": first,
            "last_name": last,
            "job_title": title,
            "school": school,
        },
    )
    if role:
        RoleMembership.objects.get_or_create(user=user, role=role, district=district)
    return user, person


def _teacher(district, school, first, last, title):
    person, _ = Person.objects.get_or_create(
        district=district,
        first_name=first,
        last_name=last,
        defaults={"school": school, "job_title": title, "email": ""},
    )
    return person


def _moves(partnership, by, steps, days_ago):
    """Move the partnership through `steps`, then date its history back to `days_ago`."""
    for step in steps:
        services.partnership_move(partnership=partnership, by=by, to_step=step)
    changes = list(partnership.cycle_changes.order_by("pk"))
    for change, ago in zip(changes, days_ago, strict=True):
        CycleChange.objects.filter(pk=change.pk).update(changed_at=_at(-ago))
    Partnership.objects.filter(pk=partnership.pk).update(step_changed_at=_at(-days_ago[-1]))


def load(*, user_for):
    if PeerTeam.objects.exists():
        return
    maple = District.objects.get(slug="maple-valley")
    school = School.objects.get(district=maple, name="Maple Valley Elementary")
    provider, _ = Provider.objects.get_or_create(
        slug="maple-valley-tech", defaults={"name": "Maple Valley Technology Integration"}
    )
    program, _ = Program.objects.get_or_create(
        slug="maple-valley-peer-coaching",
        defaults={
            "provider": provider,
            "name": "Peer Coaching for Technology Integration",
            "kind": Program.Kind.PEER,
            "description": "Trained peer coaches each partner one teacher to blend best practices "
            "and technology into classroom activities: co-plan, model or team-teach, observe, "
            "reflect. No evaluation.",
        },
    )
    Enrollment.objects.get_or_create(
        program=program, district=maple, defaults={"enrolled_on": _day(-120)}
    )
    principal = user_for("principal@maplevalley.example", "Marcus", "Bell")
    peer_coach, _ = _staff(maple, school, user_for, PEER_COACH, role=Role.COACH)
    peer_coach_2, _ = _staff(maple, school, user_for, PEER_COACH_2, role=Role.COACH)
    coach = user_for("coach@maplevalley.example", "Jordan", "Reyes")
    partner, partner_person = _staff(maple, school, user_for, PARTNER)
    second = _teacher(maple, school, "Theo", "Marsh", "Second-grade Teacher")
    fourth = _teacher(maple, school, "Rina", "Kapoor", "Fourth-grade Teacher")
    for user in (principal, peer_coach, coach):
        user.__dict__.pop("_roles_cache", None)

    team = services.team_create(
        by=principal, school=school, program=program, coaches=[peer_coach, peer_coach_2, coach]
    )
    plan = services.plan_write(
        team=team,
        by=peer_coach,
        goals="Building goal: students collaborate and create with technology in every "
        "classroom. District goal: 21st-century skills in the literacy block.",
        plan="Each peer coach partners one teacher for the year. Partners meet their coach "
        "weekly (Friday collaborative time, covered by the Title II substitute days). Cycle: "
        "brainstorm a lesson, co-plan, model or team-teach, observe, reflect.",
    )
    services.plan_endorse(plan=plan, by=principal)
    revised = services.plan_write(
        team=team,
        by=principal,
        goals=plan.goals,
        plan=plan.plan + " From January: a second collaborative slot on Tuesdays.",
    )
    services.plan_endorse(plan=revised, by=principal)

    # The peer coach and the partner teacher: well into their cycle.
    first = services.partnership_assign(
        team=team,
        by=principal,
        coach=peer_coach,
        partner=partner_person,
        agreed=True,
        starts_on=_day(-60),
    )
    _moves(first, peer_coach, ["co_plan", "model", "observe"], [60, 52, 30, 9])
    for held, minutes, activity, by, notes in [
        (
            -55,
            30,
            "co_planning",
            peer_coach,
            "Chose the fractions lesson: students explain on a shared slide.",
        ),
        (-45, 45, "co_planning", partner, "Built the slide deck and the talk prompts together."),
        (-30, 50, "co_teaching", peer_coach, "Team-taught the lesson; Kendra ran the devices."),
        (
            -9,
            40,
            "observation",
            peer_coach,
            "Watched Nadia run it alone; pairs explained their models.",
        ),
    ]:
        services.session_log(
            partnership=first,
            by=by,
            held_on=_day(held),
            minutes=minutes,
            activity=activity,
            notes=notes,
        )
    services.jit_log(
        partnership=first, by=partner, line="The projector would not mirror the tablet."
    )
    services.jit_log(partnership=first, by=peer_coach)
    services.reflection_write(
        partnership=first,
        by=partner,
        text="Students talked more about their thinking when they had to put it on the slide.",
    )
    services.reflection_write(
        partnership=first, by=partner, text="Next: let the pairs choose their own tool."
    )
    for name in ("fractions-lesson-plan.pdf", "talk-prompts.pdf"):
        services.artifact_keep(partnership=first, by=partner, file=ContentFile(PDF, name=name))
    request = services.time_request_ask(
        partnership=first, by=partner, what="An hour with Kendra to plan the next unit's project."
    )
    services.time_request_schedule(time_request=request, by=principal, scheduled_for=_day(5))
    services.time_request_ask(
        partnership=first, by=partner, what="Half a day to visit a classroom that uses stations."
    )

    # The second peer coach and a second-grade teacher: co-planning.
    second_p = services.partnership_assign(
        team=team,
        by=peer_coach,
        coach=peer_coach_2,
        partner=second,
        agreed=True,
        starts_on=_day(-40),
    )
    _moves(second_p, peer_coach_2, ["co_plan"], [40, 20])
    services.session_log(
        partnership=second_p,
        by=peer_coach_2,
        held_on=_day(-20),
        minutes=35,
        activity="co_planning",
        notes="Picked the research project; drafted the checklist.",
    )

    # The district's coach and a fourth-grade teacher: just begun.
    services.partnership_assign(
        team=team, by=principal, coach=coach, partner=fourth, agreed=True, starts_on=_day(-3)
    )
