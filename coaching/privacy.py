"""Student privacy: IEP meetings are about children with disabilities, and no student's name or
identifier is ever stored. A name cannot be told from other words, so the forms say so; what can be
caught is what looks like a student ID number or a date of birth."""

import re

# Long runs of digits (student ID numbers) and dates (birthdays).
_IDENTIFIER = re.compile(r"\d{5,}|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")

MESSAGE = (
    "This looks like it holds an ID number or a date of birth: leave out anything that "
    "identifies a student."
)


def looks_like_student_identifier(text: str) -> bool:
    return bool(_IDENTIFIER.search(text or ""))
