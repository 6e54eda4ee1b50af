"""Student privacy: IEP meetings are about children with disabilities, and no student's name or
identifier is ever stored. A name cannot be told from other words, so the forms say so; what can be
caught is what looks like an identifier: a date of birth, a Social Security number, a student, state,
medical record or Medicaid number, a long run of digits.

The rule is a table (`IDENTIFIERS`): each row names what it catches ("a date of birth") and the
pattern that catches it. Patterns look for the words that come with an identifier ("DOB", "born",
"SSN", "student ID", "MRN", "student #") next to a date or a number, so ordinary coaching text
passes: meeting dates ("IEP annual review on 3/4/2027"), school years ("2026–27"), rooms, grades,
scores, times, goal numbers, "Section 504", "Title I". A birth year alone ("the program was born
in 2019") is not caught; a day and month next to a birth word is. Numbers with no word are caught
only in shapes no coaching sentence has: 123-45-6789 or a run of seven digits or more.

- `find_student_identifiers(text)` returns what matched: `Found(kind, text)` in the order met.
- `no_student_identifiers` is THE validator. Every free-text field that can hold coaching content
  (notes, feedback, reasons, comments, and the sessions, check-ins, reflections and exit-ticket
  answers still to come) attaches it to its model field, and that is all it takes:

      from coaching.privacy import no_student_identifiers

      notes = models.TextField(blank=True, validators=[no_student_identifiers])

  A ModelForm (and the Django admin) takes validators from the model field, so the form shows the
  refusal on the field and keeps what was typed; a service calls `full_clean()` (or, where it saves
  rows in bulk, `clean_fields()`) before it saves, so no other path stores an identifier. A plain
  form field feeding such a model field may attach the same validator, when its view would
  otherwise lose the text on a refusal.
  The refusal quotes what looked like an identifier and names its kind:
  "“DOB 2015-04-12” looks like a date of birth: leave out anything that identifies a student."
  Migrations import the validator by its name: keep the name.
- `rubrics` depends on no other app, so its comment fields name the rule through the setting
  `RUBRICS_COMMENT_VALIDATOR`, which points here.
- `coaching/tests/test_privacy.py` lists every text field of the project as coaching content (it
  must carry the rule) or not, with why: a new text field fails that test until it is placed.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

# --- the parts the patterns are made of -----------------------------------------------------------
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_SEP = r"[/.\-–]"  # the en dash too: text pasted from a word processor has it
# 2015-04-12, 2015/4/12
_ISO_DATE = rf"(?<!\d){_YEAR}{_SEP}\d{{1,2}}{_SEP}\d{{1,2}}(?!\d)"
# 4/12/2015, 04-12-15, 12.04.2015
_NUMERIC_DATE = rf"(?<!\d)\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}(?:\d{{4}}|\d{{2}})(?!\d)"
# 4/12, with no year: a date of birth only after a word that says so
_DAY_MONTH = r"(?<!\d)\d{1,2}[/.\-]\d{1,2}(?![/.\-–]?\d)"
# April 12, 2015; Apr. 12th 2015; 12 April 2015; the 12th of April, 2015; April 2015; April 12
_WRITTEN_DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?(?:\s+{_YEAR})?"
    rf"|{_MONTH},?\s+{_YEAR})(?!\w)"
)
_ANY_DATE = rf"(?:{_ISO_DATE}|{_NUMERIC_DATE}|{_WRITTEN_DATE})"

# Words that say a date is a birth date ("birth" alone only as a label: "Birth: 4/12/2015", for
# "birth to 3" is a program). "Born" and "b." say it only when a date follows.
_BIRTH_WORD = (
    r"(?:\b(?:dob|d\.\s?o\.\s?b)\b\.?|\bdate\s+of\s+birth\b|\bbirth[\s-]?date\b"
    r"|\bbirth[\s-]?day\b|\bb-?day\b|\bbirth\b(?=\s*:))"
)
_BORN = r"(?:\bborn\b|\bb\.)"
_PUNCTUATION = r"[\s:#=.,()\-–—]*"
# Between a birth word and its date: punctuation and a few small words ("born on", "DOB is").
_TO_DATE = rf"{_PUNCTUATION}(?:(?:is|was|on|in|of)\b{_PUNCTUATION}){{0,2}}"
# Between an ID's label and its value ("student ID is 4829173", "state ID: 12345678").
_TO_VALUE = rf"{_PUNCTUATION}(?:(?:is|was|of|listed|as)\b{_PUNCTUATION}){{0,2}}"
# An ID's value: three digits or more, perhaps after a letter or two (A1234567, S-004829).
_VALUE = r"(?:[a-z]{1,3}[\s\-]?)?\d(?:[\d\-]*\d){2,}(?!\d)"
_LONG_VALUE = r"(?:[a-z]{1,3}[\s\-]?)?\d(?:[\d\-]*\d){3,}(?!\d)"
_NUMBER_WORD = r"(?:\s*(?:number|num\.?|no\.?|\#))?"
_ID_WORD = r"(?:id|i\.d\.|identification|identifier)"
_END_OF_WORD = r"(?![a-z])"


@dataclass(frozen=True)
class Identifier:
    """One row of the table: what it catches, in words that fit "… looks like {kind}", and how."""

    kind: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Found:
    """What looked like an identifier: its kind and the text that matched."""

    kind: str
    text: str


def _row(kind: str, pattern: str) -> Identifier:
    return Identifier(kind, re.compile(pattern, re.IGNORECASE))


IDENTIFIERS: tuple[Identifier, ...] = (
    # "DOB 2015-04-12", "born 4/12/2015", "d.o.b. 4/12/2015", "b. 04-12-15"
    _row(
        "a date of birth",
        rf"(?:{_BIRTH_WORD}|{_BORN}){_TO_DATE}(?:{_ISO_DATE}|{_NUMERIC_DATE})",
    ),
    # "born April 12, 2015", "birthdate: 12 April 2015", "born in April 2015"
    _row("a date of birth", rf"(?:{_BIRTH_WORD}|{_BORN}){_TO_DATE}{_WRITTEN_DATE}"),
    # "DOB 4/12", "birthday 04-12": a day and a month are enough after a birth word
    _row("a date of birth", rf"{_BIRTH_WORD}{_TO_DATE}{_DAY_MONTH}"),
    # "2015-04-12 (DOB)", "April 12, 2015 - date of birth"
    _row(
        "a date of birth",
        rf"{_ANY_DATE}\s*(?:(?P<open>[(\[])|[,:\-–—])?\s*{_BIRTH_WORD}(?(open)[)\]])",
    ),
    # "SSN 123-45-6789", "social security number: 123 45 6789", "SSN 123456789", "SSN ending in 6789"
    _row(
        "a Social Security number",
        r"(?:\bssn\b|\bss\s?\#|\bsocial\s+security(?:\s+(?:number|num\.?|no\.?|\#|card))?)"
        rf"{_PUNCTUATION}(?:(?:is|was|ending|ends|in|with|last|four|4|of)\b{_PUNCTUATION}){{0,4}}"
        r"(?:[\dx*]{3}[\s.\-]?[\dx*]{2}[\s.\-]?)?\d{4}(?!\d)",
    ),
    # "123-45-6789", "123 45 6789": no coaching sentence has this shape
    _row("a Social Security number", r"(?<![\d\-])\d{3}([\- ])\d{2}\1\d{4}(?![\d\-])"),
    # "student ID 4829173", "pupil identification no. 48291", "SID 4829173", "LASID 48291"
    _row(
        "a student ID number",
        rf"(?:\b(?:student|pupil|learner)(?:'s)?\s*{_ID_WORD}{_NUMBER_WORD}|\b(?:sid|lasid)\b)"
        rf"{_END_OF_WORD}{_TO_VALUE}{_VALUE}",
    ),
    # "SASID 1029384756", "state ID: 12345678", "state student identifier 1234567", "SSID 12345"
    _row(
        "a state ID number",
        r"(?:\b(?:sasid|ssid|nyssis|gtid)\b|\bstate(?:wide)?\s+(?:student\s+)?"
        rf"(?:{_ID_WORD}{_NUMBER_WORD}|number|no\.|\#)){_END_OF_WORD}{_TO_VALUE}{_VALUE}",
    ),
    # "MRN 00123456", "medical record #A1234567", "med rec no. 1234", "patient ID 44521"
    _row(
        "a medical record number",
        rf"(?:\bmrn\b|\bmed(?:ical)?\.?\s*rec(?:ord)?s?\.?{_NUMBER_WORD}"
        rf"|\b(?:patient|hospital|chart)\s+(?:{_ID_WORD}{_NUMBER_WORD}|number|no\.|\#))"
        rf"{_END_OF_WORD}{_TO_VALUE}{_VALUE}",
    ),
    # "Medicaid ID 123456789", "Medicaid #12345678"
    _row(
        "a Medicaid number",
        rf"\b(?:medicaid|medi-cal)\s*(?:{_ID_WORD}{_NUMBER_WORD}|number|num\.?|no\.?|\#)"
        rf"{_END_OF_WORD}{_TO_VALUE}{_VALUE}",
    ),
    # "student #4521", "Student No. 20931", "student number 4521"
    _row(
        "a student number",
        rf"\b(?:student|pupil|learner)(?:'s)?\s*(?:number|num\.?|no\.?|\#){_TO_VALUE}{_VALUE}",
    ),
    # "Student 4471234 attended": a student and a number of five digits or more
    _row("a student number", r"\b(?:student|pupil|learner)\s+\d{5,}(?!\d)"),
    # "ID#: 738291", "ID 4829173", "I.D. no. 48291"
    _row("an ID number", rf"(?:\bid\b|\bi\.d\.){_NUMBER_WORD}{_TO_VALUE}{_LONG_VALUE}"),
    # a long run of digits on its own: 4829173
    _row("an ID number", r"(?<![\w.,\-])\d{7,}(?!\d)(?![.,]\d)"),
)

_TAIL = "leave out anything that identifies a student."


def find_student_identifiers(text: str) -> list[Found]:
    """What in `text` looks like a student identifier, in the order it comes; where two rows match
    overlapping text, the longer match is kept."""
    spans = []
    for row in IDENTIFIERS:
        for match in row.pattern.finditer(text or ""):
            spans.append((match.start(), -match.end(), row.kind, match.group().strip()))
    found, reached = [], -1
    for start, negative_end, kind, matched in sorted(spans):
        if start >= reached:
            found.append(Found(kind, matched))
            reached = -negative_end
    return found


def refusal_message(found: list[Found]) -> str:
    """“DOB 2015-04-12” looks like a date of birth: leave out anything that identifies a student."""
    parts = list(dict.fromkeys(f"“{item.text}” looks like {item.kind}" for item in found))
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{said}: {_TAIL}"


def no_student_identifiers(value) -> None:
    """The validator every coaching free-text field attaches: raises ValidationError (code
    "student_identifier") quoting what looked like an identifier and naming its kind."""
    found = find_student_identifiers(value if isinstance(value, str) else "")
    if found:
        raise ValidationError(
            "%(message)s", code="student_identifier", params={"message": refusal_message(found)}
        )
