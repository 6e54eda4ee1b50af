"""The student-identifier rule (coaching.privacy): what it refuses, what it lets through, and how it
says so. The fields that carry it are tested in each app's tests/test_privacy.py."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import import_string
from simple_history.models import HistoricalChanges

from coaching.privacy import (
    IDENTIFIERS,
    Found,
    find_student_identifiers,
    no_student_identifiers,
)

DOB = "a date of birth"
SSN = "a Social Security number"
STUDENT_ID = "a student ID number"
STATE_ID = "a state ID number"
MRN = "a medical record number"
MEDICAID = "a Medicaid number"
STUDENT_NO = "a student number"
ID = "an ID number"

REFUSED = [
    # dates of birth, in the forms people write them
    ("DOB 2015-04-12", DOB),
    ("born April 12, 2015", DOB),
    ("d.o.b. 4/12/2015", DOB),
    ("birthdate: 12 April 2015", DOB),
    ("b. 04-12-15", DOB),
    ("D.O.B.: 04/12/2015", DOB),
    ("Date of birth 4-12-2015", DOB),
    ("date of birth: April 12th, 2015", DOB),
    ("birthday 4/12", DOB),
    ("Birthday is April 12", DOB),
    ("born on 12 April 2015", DOB),
    ("born the 12th of April, 2015", DOB),
    ("born in April 2015", DOB),
    ("Birth date 2015/04/12", DOB),
    ("birth-date 12.04.2015", DOB),
    ("DOB is 4/12/15", DOB),
    ("dob:4/12/2015", DOB),
    ("born 12–04–2015", DOB),
    ("b-day Apr. 12", DOB),
    ("Birth: 04/12/2015", DOB),
    ("2015-04-12 (DOB)", DOB),
    ("April 12, 2015 - date of birth", DOB),
    # Social Security numbers
    ("SSN 123-45-6789", SSN),
    ("123-45-6789", SSN),
    ("SSN 123 45 6789", SSN),
    ("123 45 6789", SSN),
    ("SSN 123456789", SSN),
    ("social security number: 123-45-6789", SSN),
    ("Social Security no. 123 45 6789", SSN),
    ("SS# 123456789", SSN),
    ("SSN ending in 6789", SSN),
    # student ID numbers
    ("student ID 4829173", STUDENT_ID),
    ("Student ID: S-004829", STUDENT_ID),
    ("student id#4829", STUDENT_ID),
    ("pupil identification no. 48291", STUDENT_ID),
    ("student's ID number is 48291", STUDENT_ID),
    ("LASID 48291", STUDENT_ID),
    ("SID: 4829173", STUDENT_ID),
    # state ID numbers
    ("SASID 1029384756", STATE_ID),
    ("state ID: 12345678", STATE_ID),
    ("State student identifier 1234567", STATE_ID),
    ("SSID 5500123", STATE_ID),
    ("statewide ID # 99887766", STATE_ID),
    # medical record and Medicaid numbers
    ("MRN 00123456", MRN),
    ("medical record #A1234567", MRN),
    ("Medical record number: 1234567", MRN),
    ("med rec no. 88123", MRN),
    ("patient ID 44521", MRN),
    ("Medicaid ID 123456789", MEDICAID),
    ("Medicaid #12345678", MEDICAID),
    # student numbers
    ("student #4521", STUDENT_NO),
    ("Student No. 20931", STUDENT_NO),
    ("student number 4521", STUDENT_NO),
    ("pupil no. 3321", STUDENT_NO),
    ("Student 4471234", STUDENT_NO),
    # ID numbers, with or without the word
    ("ID#: 738291", ID),
    ("ID 4829173", ID),
    ("I.D. no. 48291", ID),
    ("4829173", ID),
]

PASSED = [
    "met 5 times in 2026–27",
    "IEP annual review on 3/4",
    "IEP annual review on 3/4/2027",
    "Room 204",
    "grade 3",
    "meeting ran 45 minutes",
    "scored 18 of 24",
    "called at 3:30",
    "2026-27 school year",
    "next meeting 12/10",
    "Phase II by 2027",
    "Section 504 plan",
    "the child's 504 plan was reviewed first",
    "Chapter 7 of the handbook",
    "Title I school",
    "the 2nd and 4th Tuesday",
    "reviewed goals 1-3",
    "ratio of 1:4",
    "5 of 6 parents attended",
    "The facilitator opened with the agenda and the norms, then asked each member to speak.",
    "Met on 2026-03-04 in the library",
    "Meeting held March 4, 2027 at the district office",
    "Re-evaluation on 4/12/2026; both parents attended",
    "Annual review on the 12th of April",
    "The team met 10/2, 10/16 and 10/30",
    "the program was born in 2019",
    "a natural-born facilitator",
    "She was born to lead this team",
    "Birth to 3 staff joined the meeting",
    "Birthday party for the principal on Friday",
    "Students brought their IDs to the meeting",
    "IDEA 2004 asks for the parents' consent",
    "student 3 of 5 in the group spoke up",
    "two students, 3 IEPs reviewed",
    "Zoom at 10:15, 45 minutes",
    "Goals 1.2 and 1.3 revised",
    "12 of 15 team members attended",
    "Budget of $12,500 for 2026",
    "Period 4, Room 112B",
    "Grade 5 reading at 80% accuracy",
    "Spoke for 12 minutes, listened for 33",
    "Version 2.1 of the CFR",
    "Week 3 of 36",
    "Dec 10 follow-up with the case manager",
    "Agenda: 1) introductions 2) data 3) goals",
    "district 12 office, Step 4: the team summarised",
    "Scored 3 on criterion 2.4",
    "ID badges were checked at the door",
    "The state testing window opens 4/12/2027",
    "We never write DOBs in notes",
    "The student's ID is not needed here",
    "Medicaid billing starts in 2027",
    "",
]


def test_the_table_has_a_row_for_every_kind_it_names():
    kinds = {row.kind for row in IDENTIFIERS}
    assert kinds == {DOB, SSN, STUDENT_ID, STATE_ID, MRN, MEDICAID, STUDENT_NO, ID}


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_it_finds_an_identifier_and_says_what_kind(text, kind):
    assert find_student_identifiers(text) == [Found(kind, text)]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_it_finds_an_identifier_inside_a_sentence(text, kind):
    sentence = f"Mom asked about transport ({text}) before the annual review on 3/4."
    assert find_student_identifiers(sentence) == [Found(kind, text)]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_the_validator_refuses_it_quoting_the_text_and_naming_the_kind(text, kind):
    with pytest.raises(ValidationError) as refused:
        no_student_identifiers(f"Notes: {text}.")
    assert refused.value.code == "student_identifier"
    assert refused.value.messages == [
        f"“{text}” looks like {kind}: leave out anything that identifies a student."
    ]


@pytest.mark.parametrize("text", PASSED)
def test_ordinary_coaching_text_passes(text):
    assert find_student_identifiers(text) == []
    no_student_identifiers(text)


def test_there_are_at_least_forty_of_each():
    assert len(REFUSED) >= 40 and len(PASSED) >= 40


def test_the_example_of_the_issue_reads_as_promised():
    with pytest.raises(ValidationError) as refused:
        no_student_identifiers("DOB 2015-04-12")
    assert refused.value.messages == [
        "“DOB 2015-04-12” looks like a date of birth: leave out anything that identifies a student."
    ]


def test_several_identifiers_are_all_named_in_the_order_they_come():
    text = "Annual review. SSN 123-45-6789, born April 12, 2015, student #4521."
    assert find_student_identifiers(text) == [
        Found(SSN, "SSN 123-45-6789"),
        Found(DOB, "born April 12, 2015"),
        Found(STUDENT_NO, "student #4521"),
    ]
    with pytest.raises(ValidationError) as refused:
        no_student_identifiers(text)
    assert refused.value.messages == [
        "“SSN 123-45-6789” looks like a Social Security number, “born April 12, 2015” looks "
        "like a date of birth and “student #4521” looks like a student number: leave out "
        "anything that identifies a student."
    ]


def test_the_same_identifier_twice_is_named_once():
    with pytest.raises(ValidationError) as refused:
        no_student_identifiers("SSN 123-45-6789, again SSN 123-45-6789")
    assert refused.value.messages == [
        f"“SSN 123-45-6789” looks like {SSN}: leave out anything that identifies a student."
    ]


def test_a_percent_sign_in_the_text_does_not_break_the_message():
    with pytest.raises(ValidationError) as refused:
        no_student_identifiers("100% sure: DOB 2015-04-12 %(x)s")
    assert "“DOB 2015-04-12” looks like a date of birth" in refused.value.messages[0]


def test_the_validator_leaves_empty_and_non_text_values_alone():
    no_student_identifiers("")
    no_student_identifiers(None)


# --- which fields carry the rule ----------------------------------------------------------------

# Every free-text field that can hold coaching content: notes, feedback, reasons, comments.
COACHING_CONTENT = [
    "coaching.Engagement.status_reason",
    "coaching.Engagement.agreement_notes",
    "coaching.Goal.text",
    "coaching.Goal.success_criteria",
    "coaching.StageChange.reason",
    "coaching.StageChange.evidence",
    "coaching.CoachingSession.notes",
    "coaching.CoachingSession.next_steps",
    "coaching.ActionStep.step",
    "coaching.ActionStep.success_criteria",
    "coaching.ActionStep.evidence",
    "coaching.CheckIn.text",
    "coaching.CheckIn.answer",
    # Peer coaching (coaching/models/peer.py): the partner's, and the team's plan.
    "coaching.Reflection.text",
    "coaching.TimeRequest.what",
    "coaching.GrowthArtifact.name",
    "coaching.PeerPlan.goals",
    "coaching.PeerPlan.plan",
    "coaching.Partnership.decision_note",
    "certification.CandidacyEvent.reason",
    "certification.Facilitation.note",
    "certification.Submission.feedback",
    "certification.Certificate.revoked_reason",
    "observations.Video.title",
    "observations.Video.description",
    # A course's facilitator notes and questions, and a cohort's questions, carry the rule too:
    # written by staff, they could name a student as any note could.
    "coaching.CourseSession.do_now_notes",
    "coaching.CourseSession.modelling_notes",
    "coaching.CourseSession.practice_notes",
    "coaching.CourseSession.exit_ticket_notes",
    "coaching.CourseQuestion.text",
    "coaching.RunQuestion.text",
    "coaching.CourseAnswer.text",
    "observations.Observation.location",
    "observations.Observation.behaviours_seen",
    "observations.Observation.working",
    "observations.Observation.not_working",
    "observations.Observation.questions_posed",
    "observations.Observation.next_steps",
    "observations.Observation.free_text",
    "observations.TimedNote.text",
    "observations.Artifact.name",
    "rubrics.Review.decision_note",
    "rubrics.Scoresheet.overall_comment",
    "rubrics.Score.comment",
]

# Text fields that hold no coaching content, and why. A new text field goes in one list or the
# other, so that nobody adds a notes field and forgets the rule.
NOT_COACHING_CONTENT = {
    "coaching.User.password": "a hash",
    "coaching.User.first_name": "a staff member's name",
    "coaching.User.last_name": "a staff member's name",
    "coaching.User.email": "a staff member's address",
    "coaching.Provider.name": "an organisation",
    "coaching.Provider.slug": "an organisation",
    "coaching.Provider.website": "an organisation",
    "coaching.Program.name": "a program",
    "coaching.Program.slug": "a program",
    "coaching.Program.description": "a program, written by its provider",
    "coaching.District.name": "an organisation",
    "coaching.District.slug": "an organisation",
    "coaching.District.state": "an organisation",
    "coaching.School.name": "an organisation",
    "coaching.Person.first_name": "a staff member's name",
    "coaching.Person.last_name": "a staff member's name",
    "coaching.Person.email": "a staff member's address",
    "coaching.Person.job_title": "a staff member's title",
    "coaching.Person.staff_id": "the district's number for a staff member (not a student's)",
    "coaching.Cohort.name": "a training cohort",
    "coaching.Team.name": "a team's name, shown as activity (“District leadership team”)",
    "coaching.TrainingEvent.title": "a training, not a meeting about a student",
    "coaching.TrainingEvent.location": "a training, not a meeting about a student",
    "coaching.TrainingEvent.audience_label": "who a training is for, in words",
    "coaching.Registration.made_up_note": "how a coach made up a missed training call",
    "coaching.Notification.subject": "written by the application from stored records",
    "coaching.Notification.body": "written by the application from stored records",
    "coaching.Notification.url": "written by the application",
    "coaching.Notification.dedupe_key": "written by the application",
    "coaching.Notification.email_last_error": "a mail server's answer",
    "coaching.Invitation.sent_to": "a staff member's address",
    "coaching.Invitation.token_hash": "a digest, written by the application",
    "coaching.CalendarFeed.token_hash": "a digest, written by the application",
    "coaching.ContentOpening.record_type": "written by the application: a model's name",
    "coaching.ContentOpening.record_label": "written by the application: a record's kind and date",
    "coaching.Course.name": "a course's definition",
    "coaching.Course.slug": "a course's definition",
    "coaching.Course.description": "a course's definition, written by its provider",
    "coaching.CourseStage.title": "a course's definition",
    "coaching.CourseUnit.title": "a course's definition",
    "coaching.CourseSession.title": "a course's definition",
    "coaching.CourseResource.title": "a course's resource, named by its provider",
    "certification.Certificate.number": "generated",
    "observations.Video.content_type": "detected from the file",
    "observations.Artifact.content_type": "detected from the file",
    "coaching.GrowthArtifact.content_type": "detected from the file",
    "rubrics.Rubric.name": "a rubric's definition",
    "rubrics.Rubric.slug": "a rubric's definition",
    "rubrics.Rubric.description": "a rubric's definition",
    "rubrics.Level.label": "a rubric's definition",
    "rubrics.Domain.name": "a rubric's definition",
    "rubrics.Domain.description": "a rubric's definition",
    "rubrics.Criterion.text": "a rubric's definition",
    "rubrics.Descriptor.text": "a rubric's definition",
    "rubrics.Review.subject_label": "written by the app that asks for the review",
    "rubrics.Review.scope": "a key, written by the app that asks for the review",
    "rubrics.ScorePair.scope": "a copy of its review's scope key, for the agreement report",
    "rubrics.Rubric.owner": "a key, written by the app from the creator's provider",
}

PROJECT_APPS = ("coaching", "certification", "observations", "rubrics")


def _free_text_fields():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # a copy of its record's fields: test_no_coaching_content_enters_history
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField | models.TextField) and not field.choices:
                    yield f"{app}.{model.__name__}.{field.name}", field


def test_every_free_text_field_is_either_coaching_content_or_said_not_to_be():
    fields = {name for name, _ in _free_text_fields()}
    assert fields - set(COACHING_CONTENT) - set(NOT_COACHING_CONTENT) == set()
    assert set(COACHING_CONTENT) | set(NOT_COACHING_CONTENT) <= fields
    assert not set(COACHING_CONTENT) & set(NOT_COACHING_CONTENT)


def test_no_coaching_content_enters_history():
    """History (README, "History") keeps copies of program settings, schools, staff, roles and
    invitations: records that hold no coaching content, and copies that hold nothing else."""
    historical = [
        model
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        if issubclass(model, HistoricalChanges)
    ]
    assert sorted(m.instance_type._meta.label for m in historical) == [
        "certification.ProgramSettings",
        "coaching.Invitation",
        "coaching.Person",
        "coaching.Program",
        "coaching.RoleMembership",
        "coaching.School",
    ]
    for model in historical:
        tracked = model.instance_type
        label = f"{tracked._meta.app_label}.{tracked.__name__}."
        assert [name for name in COACHING_CONTENT if name.startswith(label)] == [], tracked
        copied = {f.name for f in model._meta.fields if not f.name.startswith("history_")}
        assert copied <= {f.name for f in tracked._meta.fields}, tracked


def _rules_of(field):
    """The rule a field carries: the validator itself, or (rubrics) the hook naming it."""
    for validator in field.validators:
        if validator is no_student_identifiers:
            yield validator
        elif getattr(validator, "__name__", "") == "comment_rule":
            yield import_string(settings.RUBRICS_COMMENT_VALIDATOR)


@pytest.mark.parametrize("name", COACHING_CONTENT)
def test_every_coaching_content_field_carries_the_rule(name):
    field = dict(_free_text_fields())[name]
    assert list(_rules_of(field)) == [no_student_identifiers]
    with pytest.raises(ValidationError, match="looks like a date of birth"):
        field.run_validators("Parent asked about DOB 2015-04-12.")
    field.run_validators("IEP annual review on 3/4/2027, met 5 times in 2026–27.")
