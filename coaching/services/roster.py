"""The roster in by CSV: a district's schools and staff, from a file its admin uploads.

`roster_preview(district=, content=)` reads the file and says, row by row, what importing it
would do: add a person, change one, or leave one alone; and which rows are bad, each by its line
number in the file and why. It writes nothing.

`roster_import(district=, content=)` does the same reading again, and writes only if every row is
good: the new schools, the new people and the changes, all in one transaction, in a few bulk
statements whatever the number of rows. Bad input raises `RosterRefused` and changes nothing.

A person is matched by e-mail address (any case) or by staff id, within the district, never
duplicated: so importing the same file twice changes nothing the second time. Every row needs one
or the other. A school is matched by name (any case); a name the district does not have yet adds
the school. The roster is staff only: the privacy rule of coaching/privacy.py (no student names
or identifiers) is checked on the text cells.

What real files bring is taken as it comes: UTF-8 with or without a byte-order mark, Excel's CSV
(Windows-1252 when it is not UTF-8, a semicolon between cells in some locales, CRLF line ends),
cells quoted for the commas inside them, blank lines, names beyond ASCII, an .xlsx workbook."""

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from core.history import insert_history

from .. import limits
from ..models import District, Person, School
from ..privacy import no_student_identifiers
from .dashboards import dashboards_changed


@dataclass(frozen=True)
class RosterColumn:
    name: str
    max_length: int
    required: bool
    help: str


# The file's columns, in the template's order: their names are its heading row.
COLUMNS = [
    RosterColumn("first_name", limits.PERSON_NAME_MAX, True, "Required."),
    RosterColumn("last_name", limits.PERSON_NAME_MAX, True, "Required."),
    RosterColumn(
        "email",
        254,
        False,
        "Their work e-mail address. A row needs an e-mail address or a staff id (or both): "
        "that is how importing again finds the same person instead of adding them twice.",
    ),
    RosterColumn(
        "staff_id",
        limits.STAFF_ID_MAX,
        False,
        "The district's own number for the person, unique in the district. Staff only: never "
        "a student's number.",
    ),
    RosterColumn(
        "school",
        limits.NAME_MAX,
        False,
        "The school's name as the district calls it (any capitals). A name the district does "
        "not have yet adds the school. Leave it blank for district office staff.",
    ),
    RosterColumn(
        "job_title", limits.JOB_TITLE_MAX, False, "Optional, e.g. Special education teacher."
    ),
]
NAMES = [column.name for column in COLUMNS]
# The roster export's column beside these: the import reads past it.
IGNORED = {"active"}
# What importing writes onto a person (the school is matched or added apart).
PERSON_CELLS = ["first_name", "last_name", "email", "staff_id", "job_title"]
MAX_ROWS = 20_000
# The reason on the history rows an import writes (README, "History"): the importing admin is the
# request's user, named by the history middleware.
IMPORTED = "roster import"
MAX_BAD_SHOWN = 200

TEMPLATE_EXAMPLE = [
    ["Ana", "García", "agarcia@district.example", "T-1042", "Maple Valley Elementary", "Teacher"],
    ["Sam", "O'Neil", "", "T-1043", "", "Coordinator, special education"],
]


class RosterRefused(ValidationError):
    """The file cannot be imported: `preview` says which rows are bad and why."""

    def __init__(self, preview: "RosterPreview"):
        self.preview = preview
        super().__init__(preview.problem or f"{len(preview.bad)} rows of the file are not right.")


@dataclass
class RosterRow:
    line: int
    cells: dict
    person: Person | None = None  # the person it matches
    changes: list[str] = field(default_factory=list)  # the columns it changes

    @property
    def full_name(self) -> str:
        return f"{self.cells['first_name']} {self.cells['last_name']}"


@dataclass
class BadRow:
    line: int
    reason: str


@dataclass
class RosterPreview:
    digest: str
    added: list[RosterRow] = field(default_factory=list)
    changed: list[RosterRow] = field(default_factory=list)
    unchanged: list[RosterRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    new_schools: list[str] = field(default_factory=list)
    problem: str = ""  # what is wrong with the file as a whole (no heading, not a CSV file)

    @property
    def ok(self) -> bool:
        return not self.problem and not self.bad

    @property
    def bad_shown(self) -> list[BadRow]:
        return self.bad[:MAX_BAD_SHOWN]

    @property
    def write_count(self) -> int:
        """The rows importing writes: those it adds and those it changes."""
        return len(self.added) + len(self.changed)

    @property
    def row_count(self) -> int:
        return len(self.added) + len(self.changed) + len(self.unchanged) + len(self.bad)


def digest_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def roster_template(fmt: str) -> bytes:
    """The template to download: the heading row and two example rows."""
    data = tablib.Dataset(*TEMPLATE_EXAMPLE, headers=NAMES, title="roster")
    if fmt == "xlsx":
        return data.export("xlsx")
    return "\ufeff".encode() + data.export("csv").encode()


def roster_preview(*, district: District, content: bytes) -> RosterPreview:
    """What importing `content` into the district's roster would do. Writes nothing."""
    preview = RosterPreview(digest=digest_of(content))
    try:
        lines = _lines(content)
    except ValueError as error:
        preview.problem = str(error)
        return preview
    heading = next(lines, None)
    columns = _columns(heading, preview)
    if columns is None:
        return preview
    rows = _read_rows(lines, columns, preview)
    if len(rows) + len(preview.bad) > MAX_ROWS:
        preview.problem = f"The file has more than {MAX_ROWS:,} rows: import it in parts."
        return preview
    _match(district, rows, preview)
    return preview


@transaction.atomic
def roster_import(*, district: District, content: bytes) -> RosterPreview:
    """Import `content` into the district's roster, all of it or nothing. The caller can rely on:
    every row read and checked again here (whatever a preview said); nothing written unless every
    row is good; the writes in one transaction; the same file a second time writes nothing.
    Raises RosterRefused (nothing written) when a row is bad."""
    # The district's row is locked, so that two imports into one district run one after the
    # other and each checks what the other wrote.
    District.objects.select_for_update().filter(pk=district.pk).first()
    preview = roster_preview(district=district, content=content)
    if not preview.ok:
        raise RosterRefused(preview)
    schools = {s.name.lower(): s for s in district.schools.all()}
    dashboards_changed()  # its bulk writes send no model signal
    bulk_create_with_history(
        [School(district=district, name=n) for n in preview.new_schools],
        School,
        default_change_reason=IMPORTED,
    )
    if preview.new_schools:
        schools = {s.name.lower(): s for s in district.schools.all()}
    now = timezone.now()
    try:
        added = Person.objects.bulk_create(
            [_person(district, row, Person(district=district), schools) for row in preview.added],
            batch_size=1_000,
        )
        insert_history(added, model=Person, updated=False, reason=IMPORTED, date=now)
        _update(
            [_person(district, row, row.person, schools) for row in preview.changed],
            {name.replace(" ", "_") for row in preview.changed for name in row.changes},
            now,
        )
    except IntegrityError as error:
        # Someone changed the roster between this import's check and its write.
        raise ValidationError(
            "The roster changed while the file was imported: nothing was imported. Try again."
        ) from error
    return preview


def _update(people: list[Person], fields: set[str], now) -> None:
    """Write the changed columns of `people`. The people whose new values are the same (the
    school's whole staff with a new job title, a school renamed) get one UPDATE ... WHERE id IN
    for all of them; the rest go through `bulk_update`, whose CASE expressions Django builds in
    Python row by row (about a millisecond a row): so a file that moves 10,000 people to one new
    title costs a few statements, not 10,000 CASE branches."""
    columns = sorted("school_id" if name == "school" else name for name in fields)
    groups: dict[tuple, list[Person]] = {}
    for person in people:
        groups.setdefault(tuple(getattr(person, c) for c in columns), []).append(person)
    alone = []
    for values, group in groups.items():
        if len(group) == 1:
            alone.extend(group)
            continue
        ids = [person.pk for person in group]
        for start in range(0, len(ids), 500):
            Person.objects.filter(pk__in=ids[start : start + 500]).update(
                **dict(zip(columns, values, strict=True)), updated_at=now
            )
        # An UPDATE writes no history by itself: the group's rows, as they now are, do.
        insert_history(group, model=Person, updated=True, reason=IMPORTED, date=now)
    for person in alone:
        person.updated_at = now
    if alone:
        names = sorted("school" if c == "school_id" else c for c in columns)
        Person.objects.bulk_update(alone, [*names, "updated_at"], batch_size=100)
        insert_history(alone, model=Person, updated=True, reason=IMPORTED, date=now)


def _person(district, row: RosterRow, person: Person, schools) -> Person:
    for name in PERSON_CELLS:
        setattr(person, name, row.cells[name])
    school = row.cells["school"]
    person.school = schools[school.lower()] if school else None
    return person


# --- reading the file ----------------------------------------------------------------------------


def _lines(content: bytes):
    """The file's rows, each (line number, cells); the heading first."""
    if content.startswith(b"PK\x03\x04"):  # a zip archive: an .xlsx workbook
        return _xlsx_lines(content)
    text = _decode(content)
    # Excel writes a semicolon between cells where the comma is the decimal mark: the heading
    # row says which one the file uses.
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def numbered():
        try:
            line = 1
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as error:
            raise ValueError(
                f"Line {reader.line_num}: the file cannot be read ({error})."
            ) from error

    return numbered()


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    if b"\x00" in content[:1024]:
        raise ValueError("This is not a CSV file. Save the sheet as “CSV UTF-8” and upload that.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows: Windows-1252. It decodes any byte but five.
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ValueError(
                "The file's characters cannot be read. Save it as “CSV UTF-8” and upload it again."
            ) from error


def _xlsx_lines(content: bytes):
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl's many ways of refusing a damaged file
        raise ValueError("This workbook cannot be read. Save it again, or as CSV.") from error
    sheet = book.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_xlsx_text(value) for value in row]


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a staff number typed as a number
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _columns(heading, preview) -> list[str] | None:
    """The heading's column names, checked: every required one there, none unknown."""
    if heading is None:
        preview.problem = (
            "The file is empty. Start from the template: its first row names the columns."
        )
        return None
    _, cells = heading
    names = [c.strip().lower().replace(" ", "_").replace("-", "_") for c in cells]
    while names and not names[-1]:
        names.pop()
    known = set(NAMES) | IGNORED
    unknown = [n or "(blank)" for n in names if n not in known]
    missing = [c.name for c in COLUMNS if c.required and c.name not in names]
    doubled = sorted({n for n in names if names.count(n) > 1})
    problems = []
    if missing:
        problems.append(f"the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing")
    if unknown:
        problems.append(f"unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}")
    if doubled:
        problems.append(f"a column named twice: {', '.join(doubled)}")
    if problems:
        preview.problem = (
            f"Line 1 (the heading row): {'; '.join(problems)}. The first row names the columns: "
            f"{', '.join(NAMES)}, as in the template."
        )
        return None
    return names


def _read_rows(lines, names, preview) -> list[RosterRow]:
    """The rows, each checked on its own; the bad ones go to `preview.bad`."""
    rows = []
    for line, cells in lines:
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue  # a blank line
        if len(cells) > len(names) and any(cells[len(names) :]):
            preview.bad.append(
                BadRow(
                    line,
                    f"{len(cells)} cells where the heading names {len(names)} columns. A cell "
                    "with a comma in it needs quotes around it (“Smith, Jr.”).",
                )
            )
            continue
        values = dict(zip(names, cells, strict=False))
        row = {c.name: values.get(c.name, "") for c in COLUMNS}
        reasons = _check(row)
        if reasons:
            preview.bad.append(BadRow(line, " ".join(reasons)))
            continue
        row["email"] = row["email"].lower()
        rows.append(RosterRow(line, row))
        if len(rows) + len(preview.bad) > MAX_ROWS:
            break
    return rows


def _check(row: dict) -> list[str]:
    reasons = []
    for column in COLUMNS:
        value = row[column.name]
        label = column.name.replace("_", " ")
        if column.required and not value:
            reasons.append(f"The {label} is missing.")
        elif len(value) > column.max_length:
            reasons.append(f"The {label} is longer than {column.max_length} characters.")
    if not row["email"] and not row["staff_id"]:
        reasons.append("It needs an e-mail address or a staff id, so that it can be matched.")
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            reasons.append(f"“{row['email']}” is not an e-mail address.")
    for name in ("first_name", "last_name", "job_title", "school"):
        try:
            no_student_identifiers(row[name])
        except ValidationError as error:
            reasons.append(f"The {name.replace('_', ' ')}: {' '.join(error.messages)}")
    return reasons


# --- matching with the roster --------------------------------------------------------------------


def _match(district, rows: list[RosterRow], preview: RosterPreview) -> None:
    """Each good row matched with the district's people (one query for all) and schools; a row
    that names someone another row (or another person) already has is bad."""
    emails = {r.cells["email"] for r in rows if r.cells["email"]}
    staff_ids = {r.cells["staff_id"] for r in rows if r.cells["staff_id"]}
    people = (
        Person.objects.filter(district=district)
        .annotate(email_key=Lower("email"))
        .filter(Q(email_key__in=emails) | Q(staff_id__in=staff_ids))
        .select_related("school")
    )
    by_email, by_staff_id = {}, {}
    for person in people:
        if person.email_key:
            by_email[person.email_key] = person
        if person.staff_id:
            by_staff_id[person.staff_id] = person
    schools = {s.name.lower(): s.name for s in district.schools.all()}
    seen_email, seen_staff_id, seen_person, new_schools = {}, {}, {}, {}
    for row in rows:
        cells = row.cells
        reason = _duplicate(cells, seen_email, seen_staff_id)
        if not reason:
            reason, row.person = _matched_person(cells, by_email, by_staff_id)
        if not reason and row.person and row.person.pk in seen_person:
            reason = (
                f"Line {seen_person[row.person.pk]} is about {row.person.full_name} too: "
                "one row a person."
            )
        if reason:
            preview.bad.append(BadRow(row.line, reason))
            continue
        if cells["email"]:
            seen_email[cells["email"]] = row.line
        if cells["staff_id"]:
            seen_staff_id[cells["staff_id"]] = row.line
        if row.person:
            seen_person[row.person.pk] = row.line
        school = cells["school"]
        if school:
            if school.lower() in schools:
                cells["school"] = schools[school.lower()]
            else:
                new_schools.setdefault(school.lower(), school)
        if row.person is None:
            preview.added.append(row)
            continue
        row.changes = _changes(row.person, cells)
        (preview.changed if row.changes else preview.unchanged).append(row)
    preview.bad.sort(key=lambda bad: bad.line)
    preview.new_schools = sorted(new_schools.values(), key=str.lower)


def _duplicate(cells, seen_email, seen_staff_id) -> str:
    if cells["email"] in seen_email:
        return f"Line {seen_email[cells['email']]} has the same e-mail address: one row a person."
    if cells["staff_id"] in seen_staff_id:
        return f"Line {seen_staff_id[cells['staff_id']]} has the same staff id: one row a person."
    return ""


def _matched_person(cells, by_email, by_staff_id) -> tuple[str, Person | None]:
    """The person the row is about (None: a new one), or why it cannot be told."""
    one = by_email.get(cells["email"]) if cells["email"] else None
    other = by_staff_id.get(cells["staff_id"]) if cells["staff_id"] else None
    if one and other and one.pk != other.pk:
        return (
            f"Its e-mail address is {one.full_name}'s and its staff id is {other.full_name}'s: "
            "which one is it?",
            None,
        )
    person = one or other
    if person and one and cells["staff_id"] and person.staff_id and not other:
        return (
            f"{person.full_name} (that e-mail address) has the staff id {person.staff_id}, "
            f"not {cells['staff_id']}.",
            None,
        )
    return "", person


def _changes(person: Person, cells) -> list[str]:
    changes = [
        name.replace("_", " ")
        for name in PERSON_CELLS
        # A blank e-mail or staff id in the file leaves the person's own one in place.
        if cells[name] != getattr(person, name)
        and not (name in ("email", "staff_id") and not cells[name])
    ]
    school = person.school.name if person.school_id else ""
    if cells["school"].lower() != school.lower():
        changes.append("school")
    for name in ("email", "staff_id"):
        if not cells[name]:
            cells[name] = getattr(person, name)
    return changes
