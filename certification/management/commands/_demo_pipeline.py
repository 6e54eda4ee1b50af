"""Demo candidacies in every phase, with the trainings, attendance, facilitations, feedback notes,
scores and certificates that put them there, all written through the services. Added once:
skipped when the demo program has candidacies already.

- Maple Valley: Jordan (coach login) in Phase II, part-way through the checklist; Priya approved by
  the district only; Elena just identified; Tomás (coach login) certified on a passed attempt;
  Grace and Samuel certified before the installation, one expiring soon, one lapsed.
- Riverbend: Owen (coach login) in Phase III, attempt 1 below the minimum, attempt 2 waiting past
  the review window; Maya in Phase III, not yet written; Lena declined.
"""

import datetime as dt

from django.utils import timezone

from certification import services
from certification.management.commands._demo_practice import score_sheet
from certification.models import Candidacy, Submission
from certification.services import certificates
from coaching import services as coaching_services
from coaching.models import Person, TrainingEvent
from observations import services as observation_services
from rubrics import services as rubric_services
from rubrics.models import Rubric

Kind = TrainingEvent.Kind
NOTES = {
    "behaviours_seen": "Opened with the agenda and the team's norms; used a parking lot for a "
    "transportation question; summarised each decision before moving on.",
    "working": "Every member spoke before the goals were agreed; the parent was asked first.",
    "not_working": "The timekeeper role was not used, and the meeting ran 15 minutes over.",
    "questions_posed": "What would help the family share their priorities at the start?",
    "next_steps": "Assign a timekeeper; practise the closing summary with the team.",
}


def load(*, program, associate):
    if Candidacy.objects.filter(program=program).exists():
        return
    now, today = timezone.now(), timezone.localdate()
    admins = {
        "maple-valley": Person.objects.get(user__email="admin@maplevalley.example").user,
        "riverbend": Person.objects.get(user__email="admin@riverbend.example").user,
    }

    def find(email_or_name, district):
        return Person.objects.filter(district__slug=district).filter(
            user__email=email_or_name
        ).first() or Person.objects.get(district__slug=district, first_name=email_or_name)

    jordan = find("coach@maplevalley.example", "maple-valley")
    priya = find("coach2@maplevalley.example", "maple-valley")
    elena, tomas, grace, samuel = (
        find(n, "maple-valley") for n in ("Elena", "Tomás", "Grace", "Samuel")
    )
    owen = find("coach@riverbend.example", "riverbend")
    maya, lena = find("Maya", "riverbend"), find("Lena", "riverbend")
    facilitators = {
        "maple-valley": find("Hannah", "maple-valley"),
        "riverbend": find("Carlos", "riverbend"),
    }

    cfr = Rubric.objects.get(slug="coaching-facilitation-rubric")
    version = cfr.versions.filter(status="published").order_by("-number").first()
    services.program_settings_update(
        program=program,
        cfr_version=version,
        cfr_passing_minimum=version.passing_total,
        review_window_days=14,
    )

    def event(kind, days, title, cohort=None, **extra):
        return coaching_services.event_schedule(
            program=program,
            by=associate,
            kind=kind,
            title=title,
            cohort=cohort,
            starts_at=(now + dt.timedelta(days=days)).replace(hour=15, minute=0, second=0),
            duration_minutes=extra.get("minutes", 60),
            location=extra.get("location", "Zoom"),
            capacity=extra.get("capacity"),
        )

    def attend(ev, people, absent=()):
        registrations = [
            coaching_services.registration_create(event=ev, person=p, by=associate) for p in people
        ]
        if ev.starts_at <= now:
            coaching_services.attendance_record(
                event=ev,
                attendance={
                    r.pk: "absent" if r.person in absent else "attended" for r in registrations
                },
                by=associate,
            )

    # Phase I: the initial FIEP training, then identification and approvals.
    trained = [jordan, priya, elena, tomas, grace, samuel, owen, maya, lena]
    attend(
        event(
            Kind.INITIAL_FIEP,
            -120,
            "Initial FIEP training",
            minutes=360,
            location="Key2Ed training center",
        ),
        trained,
    )

    def identify(person, reason=""):
        return services.candidacy_identify(
            person=person, program=program, by=admins[person.district.slug], reason=reason
        )

    def approve(candidacy):
        admin = admins[candidacy.person.district.slug]
        services.candidacy_approve(candidacy=candidacy, by=admin, side="district")
        return services.candidacy_approve(candidacy=candidacy, by=associate, side="provider")

    c_jordan = approve(identify(jordan, "Facilitates most of our IEP meetings"))
    services.candidacy_approve(
        candidacy=identify(priya), by=admins["maple-valley"], side="district"
    )
    identify(elena, "Attended the initial FIEP training in July")
    services.candidacy_decline(
        candidacy=identify(lena),
        by=associate,
        reason="Has not yet facilitated an IEP meeting with the model.",
    )
    ahead = {p: approve(identify(p)) for p in (tomas, grace, samuel, owen, maya)}

    # Phase II: last year's cohort has finished its calls; this year's has one still to come.
    earlier = coaching_services.cohort_create(program=program, name="2026 summer cohort")
    cohort_a = coaching_services.cohort_create(program=program, name="2026–27 cohort A")
    for candidacy in ahead.values():
        services.candidacy_set_cohort(candidacy=candidacy, cohort=earlier, by=associate)
    services.candidacy_set_cohort(candidacy=c_jordan, cohort=cohort_a, by=associate)
    everyone = [jordan, *ahead]
    attend(event(Kind.ADVANCED, -90, "Advanced training", minutes=360), everyone)
    attend(event(Kind.STAKEHOLDER, -80, "Stakeholder training", minutes=240), everyone)
    for n, days in enumerate((-75, -60), start=1):
        attend(event(Kind.SUPPORT_CALL, days, f"Summer cohort call {n}", earlier), list(ahead))
    for n, days in enumerate((-50, -30, -10, 15), start=1):
        attend(
            event(Kind.SUPPORT_CALL, days, f"Cohort A call {n}", cohort_a),
            [jordan],
            absent=[jordan] if n == 3 else (),
        )
    attend(event(Kind.WORKSHOP, -40, "Coaching workshop", location="Key2Ed office"), list(ahead))
    attend(
        event(Kind.WORKSHOP, 25, "Coaching workshop (winter)", location="Key2Ed office"), [jordan]
    )
    year_start = services.selectors.checklist(c_jordan).year.start
    for person, n in ((jordan, 3), *((p, 5) for p in ahead)):
        for i in range(n):
            services.facilitation_log(
                person=person,
                by=person.user or associate,
                held_on=max(year_start, today - dt.timedelta(days=7 + 9 * i)),
                school=person.school,
                meeting_type=("annual_review", "initial", "reevaluation")[i % 3],
                model_used=True,
                minutes=55 + 5 * i,
                log_again=True,  # early in a school year, several fall on its first day
            )

    # Phase III: notes, scores, a repeat and passes; then certificates of every status.
    def attempt(candidacy, points, feedback="", submit_only=False):
        submission = services.submission_start(
            candidacy=candidacy, by=candidacy.person.user or associate
        )
        observation_services.observation_update(
            observation=submission.observation,
            observed_on=today - dt.timedelta(days=20),
            facilitator=facilitators[candidacy.person.district.slug],
            location="Virtual",
            mode="virtual",
            **NOTES,
        )
        submission = services.submission_submit(
            submission=submission, by=candidacy.person.user or associate
        )
        if submit_only:
            return submission
        submission = services.submission_score_start(submission=submission, by=associate)
        sheet = submission.review.sheets.get()
        score_sheet(sheet, associate, points, comment=feedback)
        rubric_services.sheet_finalize(sheet=sheet, reviewer=associate)
        return services.submission_decide(submission=submission, by=associate, feedback=feedback)

    ahead[tomas].refresh_from_db()
    attempt(ahead[tomas], 3, "Clear, specific feedback tied to the facilitation model.")
    first = attempt(
        ahead[owen],
        2,
        "The notes describe the meeting but not the facilitator's moves: name the facilitative "
        "behaviours you saw, and pose open questions rather than advice.",
    )
    Submission.objects.filter(pk=first.pk).update(
        submitted_at=now - dt.timedelta(days=40), decided_at=now - dt.timedelta(days=33)
    )
    waiting = attempt(ahead[owen], 0, submit_only=True)
    Submission.objects.filter(pk=waiting.pk).update(submitted_at=now - dt.timedelta(days=17))

    # Certified before this installation, from the program's records: one expiring soon, one
    # lapsed (the expiry job marks it).
    months = services.selectors.program_settings(program).certificate_valid_months
    for person, expires_in in ((grace, 40), (samuel, -30)):
        expiry = today + dt.timedelta(days=expires_in)
        certificates.certificate_issue(
            candidacy=ahead[person],
            by=associate,
            issued_on=certificates.add_months(expiry, -months),
            reason="Certified before this installation, from the program's records.",
        )
    certificates.certificates_lapse_expired(today=today)
