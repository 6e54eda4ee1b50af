"""A bulk insert for the periodic jobs' large writes, in one statement whatever the number of rows.

Django's `bulk_create` prepares every value of every row through its field, and builds a model
object per row first: for the annual-minimum check's tens of thousands of notifications that cost
seconds, far more than the database's own work. `insert_rows` takes plain tuples, prepares each
column once with its field's adapter (dates and times as the backend stores them), and sends one
INSERT (PostgreSQL: psycopg2's `execute_values`, a single statement; SQLite: `executemany`).
It does none of what `bulk_create` does beyond that: no `pre_save` (auto_now, defaults), no
returned ids, no signals; the caller passes every column that has no database default.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Insert `rows` (tuples, values in the order of `fields`) into `model`'s table. With
    `ignore_conflicts`, a row that a unique constraint refuses is skipped (ON CONFLICT DO
    NOTHING), as `bulk_create(ignore_conflicts=True)` does."""
    rows = list(rows)
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    adapt = [(i, _adapter(field), {}) for i, field in enumerate(columns) if _adapter(field)]
    if adapt:
        # The same few dates and times recur in every row: each is adapted once.
        adapted = []
        for row in rows:
            row = list(row)
            for i, adapter, seen in adapt:
                value = row[i]
                if value is not None:
                    if value not in seen:
                        seen[value] = adapter(value)
                    row[i] = seen[value]
            adapted.append(row)
        rows = adapted
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in columns)
    into = f"INSERT INTO {quote(meta.db_table)} ({names})"
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(cursor, f"{into} VALUES %s{conflict}", rows, page_size=len(rows))
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"{into} VALUES ({marks}){conflict}", rows)


def _adapter(field):
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return None
