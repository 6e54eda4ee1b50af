"""Coaching's check-ins world (coaching/tests/checkins/world.py) with an observation of the
individual engagement's coachee by coach_a, and a PDF artifact attached to it."""

from django.core.files.uploadedfile import SimpleUploadedFile

from coaching.tests.checkins import world as checkins_world
from coaching.tests.engagements.world import days
from observations import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

FEEDBACK = {
    "observed_on": days(-3),
    "mode": "in_person",
    "location": "Room 12",
    "behaviours_seen": "Opened with a hinge question",
    "working": "Every hand up for the hinge question",
    "not_working": "Wait time under two seconds",
    "questions_posed": "What did the answers tell you?",
    "next_steps": "Wait five seconds after each question",
}


def pdf(name="lesson-plan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def build(w):
    checkins_world.build(w)
    w.observation = services.engagement_observation_record(
        engagement=w.individual, by=w.coach_a, **FEEDBACK
    )
    w.artifact = services.artifact_attach(observation=w.observation, by=w.coach_a, file=pdf())
    return w
