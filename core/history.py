"""History: who changed what, and when (README, "History").

django-simple-history keeps a copy of a record each time it is saved (`history = HistoricalRecords()`
on the model; the request's user through its middleware). This module reads those copies for a page:
several kinds of record on one page merged newest first, each change as "field: old → new" with the
field's label, a choice's label and a related record's name instead of raw values, in a fixed number
of queries whatever the number of changes (each kind: its rows, the rows before them, one query per
related model named). A domain's own log (`Logged`, e.g. the roles' `RoleChange`) merges in beside
them, as it stands.

Plain Python below the apps: the apps say which records a page shows (their selectors), this reads
them.
"""

import datetime
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords, ModelChange

from .bulk import insert_rows
from .lists import paginate

# The change reason of the copy a migration made of each record as it stood when history began.
BEGAN = "History began"
# How many changes a page shows before its link to the full history.
LATEST = 10
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """One change as a page shows it: `by` did `summary` (a verb phrase) at `at`, and `changes`
    lists the fields it changed. `by` None: the application (an import, a job, a migration)."""

    at: Any
    by: Any
    summary: str
    changes: list[Change] = field(default_factory=list)
    # The copy of the record a migration made when history began: no one's change.
    began: bool = False
    # Its place among the rest: (date, pk), the newest the greatest.
    key: tuple = ()

    @property
    def by_display(self) -> str:
        return str(self.by) if self.by is not None else "The application"

    @property
    def sentence(self) -> str:
        if self.began:
            return f"{BEGAN}: {self.summary}."
        return f"{self.by_display} {self.summary}"


@dataclass(frozen=True)
class Tracked:
    """The historical rows of one kind of record (`Model.history.filter(...)`) shown on a page.

    `subject` names the record in a summary ("the record", "an invitation"); `labels` gives a
    field another label than its verbose name; `verbs` overrides the summary of a kind of row
    ("+", "~", "-"), formatted with the row as `r`; `related` gives the queryset a related
    model's names are read from (`{"cfr_version": RubricVersion.objects.select_related(...)}`);
    `said` says a field's change as a verb phrase instead of "label: old → new" (a deactivation:
    "deactivated the school", not "Active: yes → no"): a function of the old and new values giving
    the phrase (formatted with the row as `r`), or None to show that change as usual; a field it
    names is compared even if no form edits it."""

    records: QuerySet
    subject: str
    labels: dict[str, str] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)
    related: dict[str, QuerySet] = field(default_factory=dict)
    excluded: tuple[str, ...] = ()
    said: dict[str, Callable[[Any, Any], str | None]] = field(default_factory=dict)

    date_field = "history_date"
    pk_field = "history_id"

    def entries(self, pks: list[int]) -> dict[int, Entry]:
        """The entries of the rows `pks`, by pk."""
        return self._entries(self.records.model.objects.filter(history_id__in=pks))

    def newest(self, limit: int) -> dict[int, Entry]:
        """The entries of the newest `limit` rows, by pk."""
        return self._entries(self.records.order_by("-history_date", "-history_id")[:limit])

    def _entries(self, rows: QuerySet) -> dict[int, Entry]:
        model = self.records.model
        before = model.objects.filter(id=OuterRef("id")).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        rows = list(
            rows.select_related("history_user").annotate(
                prev_id=Subquery(
                    before.order_by("-history_date", "-history_id").values("history_id")[:1]
                )
            )
        )
        prev_ids = [row.prev_id for row in rows if row.prev_id and row.history_type == "~"]
        prevs = {p.history_id: p for p in model.objects.filter(history_id__in=prev_ids)}
        # simple-history compares the fields a form edits; those `said` names are compared too,
        # although none does (a person's login disabled with their deactivation).
        hidden = [f for f in model.tracked_fields if not f.editable and f.name in self.said]
        deltas = {}
        for row in rows:
            if row.history_type == "~" and row.prev_id in prevs:
                prev = prevs[row.prev_id]
                deltas[row.history_id] = row.diff_against(
                    prev, excluded_fields=self.excluded
                ).changes + [
                    ModelChange(f.name, getattr(prev, f.attname), getattr(row, f.attname))
                    for f in hidden
                    if getattr(prev, f.attname) != getattr(row, f.attname)
                ]
        names = self._names(deltas.values())
        order = _FieldOrder(model)
        found = {}
        for row in rows:
            phrases, changes = [], []
            for change in sorted(deltas.get(row.history_id, []), key=order.get_field_index):
                say = self.said.get(change.field)
                phrase = say(change.old, change.new) if say else None
                if phrase:
                    phrases.append(phrase.format(r=row))
                else:
                    changes.append(self._change(model, change, names))
            found[row.history_id] = Entry(
                at=row.history_date,
                by=row.history_user,
                summary=self._summary(row, row.history_id in deltas, phrases, bool(changes)),
                changes=changes,
                began=_began(row),
                key=(row.history_date, row.history_id),
            )
        return found

    def _summary(self, row, diffed: bool, phrases=(), changed: bool = True) -> str:
        if _began(row):
            return f"{self.subject} as it stood then"
        default = {"+": "added {s}", "~": "changed {s}", "-": "removed {s}"}[row.history_type]
        summary = self.verbs.get(row.history_type, default).format(r=row, s=self.subject)
        if phrases:
            # What the phrases say, then the rest of the changes listed as usual.
            summary = " and ".join([*phrases, summary] if changed else phrases)
        if row.history_change_reason:
            summary += f" ({row.history_change_reason})"
        if row.history_type == "~" and not diffed:
            summary += " (the record before it was not kept)"
        return summary

    def _names(self, deltas: Iterable[list]) -> dict[tuple[str, Any], str]:
        """The name of each related record a change names: one query per field."""
        model = self.records.model
        wanted: dict[str, set] = {}
        for changes in deltas:
            for change in changes:
                if isinstance(model._meta.get_field(change.field), models.ForeignKey):
                    wanted.setdefault(change.field, set()).update(
                        v for v in (change.old, change.new) if v is not None
                    )
        names = {}
        for name, ids in wanted.items():
            related = model._meta.get_field(name).related_model
            queryset = self.related.get(name, related._default_manager.all())
            for obj in queryset.filter(pk__in=ids):
                names[(name, obj.pk)] = str(obj)
        return names

    def _change(self, model, change, names) -> Change:
        model_field = model._meta.get_field(change.field)
        label = self.labels.get(change.field) or capfirst(model_field.verbose_name)
        return Change(
            label=label,
            old=shown(model_field, change.old, names),
            new=shown(model_field, change.new, names),
        )


def _began(row) -> bool:
    return row.history_type == "+" and row.history_change_reason == BEGAN


class _FieldOrder:
    """A change's place in its model's fields, so that a change reads in the form's order."""

    def __init__(self, model):
        tracked = getattr(model, "instance_type", model)  # the record's own order, not its copy's
        self.index = {f.name: i for i, f in enumerate(tracked._meta.fields)}

    def get_field_index(self, change) -> int:
        return self.index.get(change.field, len(self.index))


@dataclass(frozen=True)
class Logged:
    """A domain's own log of changes (one row a change, never edited), merged in as it stands:
    `entry(row)` makes its entry; `date_field` orders it among the rest."""

    records: QuerySet
    date_field: str
    entry: Callable[[Any], Entry]
    pk_field = "pk"

    def entries(self, pks: list[int]) -> dict[int, Entry]:
        return self._entries(self.records.filter(pk__in=pks))

    def newest(self, limit: int) -> dict[int, Entry]:
        return self._entries(self.records.order_by(f"-{self.date_field}", "-pk")[:limit])

    def _entries(self, rows) -> dict[int, Entry]:
        found = {}
        for row in rows:
            entry = self.entry(row)
            entry.key = (getattr(row, self.date_field), row.pk)
            found[row.pk] = entry
        return found


def merged(sources: list) -> QuerySet:
    """(date, pk, kind) of every row of `sources`, newest first: one UNION ALL that the database
    orders, counts and slices, so that a page of 50 reads 50 rows whatever the total."""
    keyed = [
        source.records.order_by()
        .annotate(h_at=F(source.date_field), h_pk=F(source.pk_field), h_kind=Value(kind))
        .values_list("h_at", "h_pk", "h_kind")
        for kind, source in enumerate(sources)
    ]
    first, *rest = keyed
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-h_at", "-h_pk")


def entries_of(sources: list, keys: Iterable[tuple]) -> list[Entry]:
    """The entries of the (date, pk, kind) `keys`, in their order."""
    keys = list(keys)
    found: dict[tuple[int, int], Entry] = {}
    for kind, source in enumerate(sources):
        pks = [pk for _, pk, k in keys if k == kind]
        if pks:
            found |= {(kind, pk): e for pk, e in source.entries(pks).items()}
    return [found[(kind, pk)] for _, pk, kind in keys if (kind, pk) in found]


def latest(sources: list, limit: int = LATEST) -> tuple[list[Entry], bool]:
    """The newest `limit` entries, and whether there are more. Each source reads its own newest
    rows (so that a page costs the same queries whichever kind of change is the latest), and the
    newest of them all are kept."""
    found = [entry for source in sources for entry in source.newest(limit + 1).values()]
    found.sort(key=lambda entry: entry.key, reverse=True)
    return found[:limit], len(found) > limit


def history_page(request, sources: list, context: dict):
    """The full history of a page's records, 50 changes a page (core/lists.py), newest first:
    `context` gives the page its `title` and `back` (the record's page, its address and label)."""
    page = paginate(request, merged(sources))
    entries = entries_of(sources, page.object_list)
    return render(request, "history/page.html", context | {"page": page, "entries": entries})


def shown(model_field, value, names) -> str:
    """A value as a person reads it: a choice's label, a related record's name, yes or no, a
    date in the site's format."""
    if value is None or value == "":
        return EMPTY
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.name, value), f"a removed record (#{value})")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


def capfirst(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


@contextmanager
def acting_as(user):
    """Outside a request (a command, the demo's seed), name `user` on the history rows written
    inside the block, as the middleware names the signed-in user during a request."""
    context = HistoricalRecords.context
    had, previous = hasattr(context, "request"), getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if had:
            context.request = previous
        else:
            del context.request


def baseline(apps, pairs: list[tuple[str, str]], *, batch: int = 1_000) -> None:
    """For a migration: a copy of each existing record as it stands now (history type "+", the
    reason BEGAN, no user), so that its first change after the migration shows what it changed.
    `pairs`: ("app.Model", "app.HistoricalModel"). A kind that has history rows already is left."""
    now = timezone.now()
    for model_name, historical_name in pairs:
        model, historical = apps.get_model(model_name), apps.get_model(historical_name)
        if historical.objects.exists():
            continue
        copied = [f for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
        rows = []
        for obj in model.objects.order_by("pk").iterator(chunk_size=batch):
            values = {f.attname: getattr(obj, f.attname) for f in copied}
            rows.append(
                historical(
                    **values,
                    history_date=now,
                    history_type="+",
                    history_change_reason=BEGAN,
                    history_user=None,
                )
            )
            if len(rows) >= batch:
                historical.objects.bulk_create(rows)
                rows = []
        historical.objects.bulk_create(rows)


def insert_history(objs: list, *, model, updated: bool, reason: str, date) -> None:
    """The history rows of records written in bulk (a roster import: `bulk_create`, or an
    UPDATE ... WHERE id IN that writes none by itself), as they now are: one INSERT through
    core.bulk.insert_rows. simple-history's own `bulk_history_create` writes the same rows
    through Django's `bulk_create`, whose preparing of every value of every row took 3 of an
    import's 5 seconds at 10,000 people (README, "Roster in"). The user is the request's (the
    history middleware), or `acting_as`'s, as for a single save."""
    if not objs:
        return
    historical = model.history.model
    user = historical.get_default_history_user(objs[0])
    tracked = list(historical.tracked_fields)
    fields = [f.name for f in tracked]
    fields += ["history_date", "history_type", "history_change_reason", "history_user"]
    history_type = "~" if updated else "+"
    user_id = user.pk if user is not None else None
    insert_rows(
        historical,
        fields,
        (
            (*(getattr(obj, f.attname) for f in tracked), date, history_type, reason, user_id)
            for obj in objs
        ),
    )
