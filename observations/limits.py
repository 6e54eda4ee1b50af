"""The limits of what observations' forms and models take: every length and range in one place
(the CHECK-constraint helpers are coaching's, `coaching.limits`)."""

TITLE_MAX = 200  # a library video's title
DESCRIPTION_MAX = 2_000  # what a video shows
LOCATION_MAX = 200
NOTES_MAX = 10_000  # each part of the feedback notes
TIMED_NOTE_MAX = 2_000  # a note at a moment of a video
VIDEO_SECONDS_MAX = 24 * 3600  # the longest video, and the latest moment a note can be at
ARTIFACT_NAME_MAX = 200  # an artifact's file name, as uploaded
