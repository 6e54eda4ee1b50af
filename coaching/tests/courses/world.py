"""A course world built through coaching's services alone, on the shared cast:

- `steplab`: a coach-training program of provider Steplab, enrolling districts A and B, with the
  shipped course installed (`course`); `facilitator` is its associate (the cast's `associate` and
  `associate_b` staff other programs);
- `run`: the course run for a cohort of five coaches from two districts: coach_a, `coach_a2` and
  `coach_a3` of A (a triad), `coach_b2` and `coach_b3` of B (a pair); the cast's coach_b (of B)
  and `outsider` (a coach of A) are in no cohort;
- `rs1`: the run of session 1, scheduled two days ago (coach_a attended, coach_a2 absent), with
  coach_a's exit ticket and coach_b2's Do Now answered;
- the pairs are made; the triad logged one practice session;
- `video`: an exemplar video (a library video, by its id) attached to session 1.

`MARK` is in no text here: the content tests write it into every content field themselves."""

import datetime as dt

from django.utils import timezone

from coaching.content import STEPLAB_COURSE
from coaching.models import CourseResource, Program, Registration, RoleMembership
from coaching.selectors import courses as selectors
from coaching.services import courses as services
from coaching.services import engagements as engagement_services
from coaching.services import training as training_services
from coaching.tests.factories import (
    EnrollmentFactory,
    MembershipFactory,
    PersonFactory,
    ProgramFactory,
    ProviderFactory,
    UserFactory,
)

Role = RoleMembership.Role


def login(email, district, *, role=Role.COACH, **scope):
    user = UserFactory(email=email)
    if role == Role.ASSOCIATE:
        MembershipFactory(user=user, role=role, **scope)
        return user
    MembershipFactory(user=user, role=role, district=district)
    PersonFactory(
        district=district,
        user=user,
        email=email,
        first_name=user.first_name,
        last_name=user.last_name,
    )
    return user


def answer_all(run_session, person, by, text):
    questions = [
        q.pk
        for part in selectors.questions_by_part(run_session)
        for q in part.questions
        if part.part == "exit_ticket"
    ]
    return services.answers_save(
        run_session=run_session, person=person, answers=dict.fromkeys(questions, text), by=by
    )


def build(w):
    w.steplab = ProgramFactory(
        name="Steplab Coaching Programme",
        kind=Program.Kind.CURRICULUM,
        provider=ProviderFactory(name="Steplab", slug="steplab"),
    )
    for district in (w.district_a, w.district_b):
        EnrollmentFactory(program=w.steplab, district=district)
    w.facilitator = login(
        "facilitator@steplab.example", None, role=Role.ASSOCIATE, program=w.steplab
    )
    w.course, _ = services.course_install(spec=STEPLAB_COURSE, program=w.steplab)
    w.coach_a2 = login("coach2@a.example", w.district_a)
    w.coach_a3 = login("coach3@a.example", w.district_a)
    w.coach_b2 = login("coach2@b.example", w.district_b)
    w.coach_b3 = login("coach3@b.example", w.district_b)
    w.outsider = login("outsider@a.example", w.district_a)
    members = [u.person for u in (w.coach_a, w.coach_a2, w.coach_a3, w.coach_b2, w.coach_b3)]
    w.run = services.run_create(
        course=w.course, by=w.facilitator, name="Spring cohort", members=members
    )
    sessions = selectors.course_sessions(w.course)
    w.session1, w.session2, w.session3 = sessions[:3]
    w.event1 = services.sessions_schedule(
        run=w.run,
        sessions=[w.session1],
        by=w.facilitator,
        starts_at=timezone.now() - dt.timedelta(days=2),
        location="Library",
    )
    w.rs1 = w.run.run_sessions.get(session=w.session1)
    marks = {
        r.pk: "attended" if r.person.user_id == w.coach_a.pk else "absent"
        for r in Registration.objects.filter(event=w.event1).select_related("person")
    }
    training_services.attendance_record(event=w.event1, attendance=marks, by=w.facilitator)
    answer_all(w.rs1, w.coach_a.person, w.coach_a, "Model before asking to practise")
    do_now = w.rs1.questions.filter(part="do_now").first()
    w.do_now = do_now
    services.answers_save(
        run_session=w.rs1,
        person=w.coach_b2.person,
        answers={do_now.pk: "It helps teachers improve"},
        by=w.coach_b2,
    )
    w.answer = w.rs1.questions.get(part="exit_ticket", position=0).answers.get()
    w.pairs = services.pairs_make(
        run=w.run,
        groups=selectors.pairs_proposed(selectors.members_of(w.run)),
        by=w.facilitator,
        starts_on=timezone.localdate() - dt.timedelta(days=2),
    )
    w.triad = next(p for p in w.pairs if p.engagement.coachee_team.members.count() == 3)
    w.practice = engagement_services.session_log(
        engagement=w.triad.engagement,
        by=w.coach_a,
        held_on=timezone.localdate() - dt.timedelta(days=1),
        minutes=25,
        mode="onsite",
        activities=["rehearsal"],
        notes="Rehearsed the model",
    )
    w.video = CourseResource.objects.create(
        session=w.session1, kind="video", title="Exemplar: modelling", library_video_id=1
    )
    return w
