"""A peer-coaching world built through coaching's services alone, on the shared cast:

- `peer_program` (kind PEER) enrols districts A and B; `team`: the coaching team of school_a, its
  principal principal_a and its peer coaches coach_a and `peer2`; an endorsed plan (version 1)
  and its draft version 2 (`plan2`); `teacher3`, a teacher of school_a in no partnership;
- `partnership`: coach_a with `partner` (a teacher of school_a with a login and no role), at the
  co-plan step, with a co-planning session, a just-in-time line, a reflection, an artifact and a
  time request; `partnership2`: peer2 with person_a (no login), just begun; `partnership_past`:
  coach_a with `past_partner` last school year (its year over, open to the year-end assessment);
- `team_b`, `partnership_b`: the same in district B (principal_b, coach_b, person_b);
- `other_coach`: a coach of A on no team; `principal_other`: the principal of another school of A.

`MARK` is in no text here: the content tests write it into every content field themselves."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coaching.models import Program, RoleMembership
from coaching.models.peer import school_year_of
from coaching.services import peer as services
from coaching.tests.factories import (
    EnrollmentFactory,
    MembershipFactory,
    PersonFactory,
    ProgramFactory,
    SchoolFactory,
    UserFactory,
)

Role = RoleMembership.Role
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def png(name="lesson-plan.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def login(email, home, *, person_school=None, role=None, **scope):
    user = UserFactory(email=email)
    if role:
        MembershipFactory(user=user, role=role, **scope)
    person = PersonFactory(
        district=home,
        school=person_school,
        user=user,
        email=email,
        first_name=user.first_name,
        last_name=user.last_name,
    )
    return user, person


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def fresh(user):
    user.__dict__.pop("_roles_cache", None)
    return user


def build(w):
    w.peer_program = ProgramFactory(name="Peer Coaching for Technology", kind=Program.Kind.PEER)
    EnrollmentFactory(program=w.peer_program, district=w.district_a)
    EnrollmentFactory(program=w.peer_program, district=w.district_b)
    w.peer2, w.peer2_person = login(
        "peer2@a.example",
        w.district_a,
        person_school=w.school_a,
        role=Role.COACH,
        district=w.district_a,
    )
    w.partner, w.partner_person = login("partner@a.example", w.district_a, person_school=w.school_a)
    w.other_coach, _ = login(
        "coach2@a.example", w.district_a, role=Role.COACH, district=w.district_a
    )
    w.school_a2 = SchoolFactory(district=w.district_a, name="Maple Valley High")
    w.principal_other, _ = login(
        "principal2@a.example", w.district_a, role=Role.PRINCIPAL, school=w.school_a2
    )
    w.team = services.team_create(
        by=w.principal_a, school=w.school_a, program=w.peer_program, coaches=[w.coach_a, w.peer2]
    )
    w.plan = services.plan_write(
        team=w.team,
        by=w.coach_a,
        goals="Every classroom uses technology for student collaboration",
        plan="Each peer coach partners one teacher; Friday collaborative time",
    )
    services.plan_endorse(plan=w.plan, by=w.principal_a)
    w.plan2 = services.plan_write(
        team=w.team,
        by=w.peer2,
        goals="Every classroom uses technology for student collaboration",
        plan="Each peer coach partners one teacher; Friday and Tuesday collaborative time",
    )
    w.partnership = services.partnership_assign(
        team=w.team,
        by=w.principal_a,
        coach=w.coach_a,
        partner=w.partner_person,
        agreed=True,
        starts_on=days(-30),
    )
    services.partnership_move(partnership=w.partnership, by=w.coach_a, to_step="co_plan")
    w.session = services.session_log(
        partnership=w.partnership,
        by=w.coach_a,
        held_on=days(-3),
        minutes=40,
        activity="co_planning",
        notes="Planned the shared-document lesson",
    )
    w.jit = services.jit_log(
        partnership=w.partnership, by=w.partner, line="Projector would not mirror"
    )
    w.reflection = services.reflection_write(
        partnership=w.partnership, by=w.partner, text="The students led the discussion online"
    )
    w.artifact = services.artifact_keep(partnership=w.partnership, by=w.partner, file=png())
    w.time_request = services.time_request_ask(
        partnership=w.partnership, by=w.partner, what="An hour to build the rubric together"
    )
    w.teacher3 = PersonFactory(district=w.district_a, school=w.school_a, first_name="Noor")
    w.partnership2 = services.partnership_assign(
        team=w.team, by=w.coach_a, coach=w.peer2, partner=w.person_a, agreed=True
    )
    # Last school year's partnership of coach_a: its year is over, so it may be assessed.
    last_year = school_year_of(timezone.localdate()) - 1
    w.past_partner = PersonFactory(district=w.district_a, school=w.school_a, first_name="Ines")
    w.partnership_past = services.partnership_assign(
        team=w.team,
        by=w.principal_a,
        coach=w.coach_a,
        partner=w.past_partner,
        agreed=True,
        school_year=last_year,
        starts_on=dt.date(last_year, 9, 15),
    )

    w.principal_b, _ = login(
        "principal@b.example", w.district_b, role=Role.PRINCIPAL, school=w.school_b
    )
    w.team_b = services.team_create(
        by=w.principal_b, school=w.school_b, program=w.peer_program, coaches=[w.coach_b]
    )
    w.plan_b = services.plan_write(team=w.team_b, by=w.coach_b, goals="B goals", plan="B plan")
    w.partnership_b = services.partnership_assign(
        team=w.team_b, by=w.principal_b, coach=w.coach_b, partner=w.person_b, agreed=True
    )
    for user in (w.principal_a, w.coach_a, w.coach_b, w.principal_b):
        fresh(user)
    return w
