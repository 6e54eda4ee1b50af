"""The limits of what certification's forms and models take: every length and range in one place
(the CHECK-constraint helpers are coaching's, `coaching.limits`)."""

REASON_MAX = 2_000  # why a candidate was identified or declined, why a certificate was revoked
FACILITATION_NOTE_MAX = 300  # a facilitation's note
FEEDBACK_MAX = 10_000  # an associate's feedback on a submission

FACILITATION_MINUTES_MIN, FACILITATION_MINUTES_MAX = 5, 600
CFR_MINIMUM_MAX = 100_000  # a CFR minimum score: a rubric's total is never larger
ANNUAL_MINIMUM_MAX = 365  # facilitated IEP meetings a year
WORKSHOP_CAPACITY_MAX = 100
CERTIFICATE_MONTHS_MAX = 120
REVIEW_WINDOW_DAYS_MAX = 365
RECERTIFICATION_WINDOW_DAYS_DEFAULT = 120
RECERTIFICATION_WINDOW_DAYS_MAX = 730
