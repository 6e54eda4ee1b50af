"""An engagement world built through coaching's services alone, on the shared cast:

- `individual`: coach_a coaches `coachee` (a teacher of school_a with a login) in an instructional
  engagement of the cast's program: two sessions (one kept to the coaches), a goal, an open step
  due tomorrow, an overdue one and a met one, and a session planned in three days (`planned`);
- `team`: the associate, as network coach of `network` (which enrols district A), coaches the
  district leadership team (`coachee` and person_a) at stage 2, with its history;
- `engagement_b`: coach_b coaches person_b in district B;
- `other_coach`: a coach of district A who is no party; `principal_other`: the principal of
  another school of A; `coachee`: the person coached, with a login and no role.

`MARK` is in no text here: the content tests write it into every content field themselves."""

import datetime as dt

from django.utils import timezone

from coaching.models import Engagement, Program, RoleMembership, StageChange  # noqa: F401
from coaching.services import engagements as services
from coaching.services import planned_sessions as planned_services
from coaching.tests.factories import (
    EnrollmentFactory,
    MembershipFactory,
    PersonFactory,
    ProgramFactory,
    SchoolFactory,
    UserFactory,
)

Role = RoleMembership.Role
AGREEMENT = {
    "process_described": True,
    "confidentiality_explained": True,
    "commitment_given": True,
    "response_window_days": 2,
    "checkin_methods": ["email", "in_person"],
}


def _login(email, home, *, person_school=None, role=None, **scope):
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


def start_individual(w, *, coach, coachee_person, program=None, by=None, district=None, **extra):
    return services.engagement_start(
        by=by or w.admin_a,
        program=program or w.program,
        district=district or w.district_a,
        coach=coach,
        coachee_kind=Engagement.CoacheeKind.PERSON,
        coachee_person=coachee_person,
        level=Engagement.Level.INDIVIDUAL,
        model=Engagement.CoachingModel.INSTRUCTIONAL,
        starts_on=extra.pop("starts_on", days(-60)),
        **(AGREEMENT | extra),
    )


def build(w):
    w.coachee, w.coachee_person = _login(
        "teacher@a.example", w.district_a, person_school=w.school_a
    )
    w.other_coach, _ = _login(
        "coach2@a.example", w.district_a, role=Role.COACH, district=w.district_a
    )
    w.school_a2 = SchoolFactory(district=w.district_a, name="Maple Valley High")
    w.principal_other, _ = _login(
        "principal2@a.example", w.district_a, role=Role.PRINCIPAL, school=w.school_a2
    )
    w.individual = start_individual(w, coach=w.coach_a, coachee_person=w.coachee_person)
    services.goal_add(
        engagement=w.individual,
        by=w.coach_a,
        text="Check for understanding in every lesson",
        success_criteria="Every student answers a hinge question",
    )
    w.session = services.session_log(
        engagement=w.individual,
        by=w.coach_a,
        held_on=days(-20),
        minutes=45,
        mode="onsite",
        activities=["observation", "feedback"],
        participants=[w.coachee_person],
        notes="Observed the lesson opening",
        next_steps="Rehearse the hinge question",
    )
    services.session_log(
        engagement=w.individual,
        by=w.coach_a,
        held_on=days(-10),
        minutes=20,
        mode="virtual",
        activities=["co_planning"],
        notes="Coaches only note",
        shared=False,
    )
    w.step_due = services.action_step_set(
        engagement=w.individual,
        by=w.coach_a,
        step="Cold call three students",
        success_criteria="Three cold calls per lesson",
        follow_up_on=days(1),
    )
    w.step_overdue = services.action_step_set(
        engagement=w.individual,
        by=w.coach_a,
        step="Wait five seconds",
        success_criteria="Wait time observed",
        follow_up_on=days(0),
    )
    w.step_overdue.follow_up_on = days(-7)  # set a week ago: overdue now
    w.step_overdue.save(update_fields=["follow_up_on"])
    w.step_met = services.action_step_set(
        engagement=w.individual,
        by=w.coach_a,
        step="Post the objective",
        success_criteria="Objective on the board",
        follow_up_on=days(0),
    )
    services.action_step_advance(
        action_step=w.step_met, by=w.coach_a, status="met", evidence="Seen in three lessons"
    )

    # The next session, planned (activity: a date, a time, a length, a mode).
    w.planned = planned_services.planned_session_schedule(
        engagement=w.individual,
        by=w.coach_a,
        on=days(3),
        at=dt.time(10, 0),
        minutes=45,
        mode="onsite",
    )

    w.network = ProgramFactory(name="IL MTSS Network", kind=Program.Kind.NETWORK)
    EnrollmentFactory(program=w.network, district=w.district_a)
    MembershipFactory(user=w.associate, role=Role.ASSOCIATE, program=w.network)
    w.associate.__dict__.pop("_roles_cache", None)
    w.team_of_a = services.team_create(
        district=w.district_a,
        by=w.admin_a,
        name="District leadership team",
        members=[w.coachee_person, w.person_a],
    )
    w.team = services.engagement_start(
        by=w.associate,
        program=w.network,
        district=w.district_a,
        coach=w.associate,
        coachee_kind=Engagement.CoacheeKind.TEAM,
        coachee_team=w.team_of_a,
        level=Engagement.Level.SYSTEM,
        model=Engagement.CoachingModel.NETWORK,
        starts_on=days(-90),
        **AGREEMENT,
    )
    w.team.stage_changes.update(changed_on=days(-90))
    services.stage_change(
        engagement=w.team,
        by=w.associate,
        to_stage=2,
        reason="The team runs its own data meetings",
        evidence="Three meetings led by the team",
        changed_on=days(-30),
    )
    services.session_log(
        engagement=w.team,
        by=w.associate,
        held_on=days(-5),
        minutes=90,
        mode="job_embedded",
        activities=["data_review", "feedback"],
        participants=[w.person_a],
        notes="Team reviewed the universal screening",
    )
    w.engagement_b = start_individual(
        w, coach=w.coach_b, coachee_person=w.person_b, by=w.admin_b, district=w.district_b
    )
    return w
