"""A database-level guard: a final scoresheet and its scores cannot be updated, whatever code runs the
statement. The services refuse first, with a message; this stops a stray UPDATE.

On PostgreSQL the guard also refuses to DELETE them row by row. (Emptying whole tables with TRUNCATE,
as a test run's flush does, is not a row change.) SQLite has no TRUNCATE: its flush deletes rows, so
there the guard covers updates only."""

from django.db import migrations

MESSAGE = "scoresheet is final and cannot change"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION rubrics_refuse_final_sheet() RETURNS trigger AS $$
    BEGIN
        IF OLD.status = 'final' THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER rubrics_scoresheet_frozen BEFORE UPDATE OR DELETE ON rubrics_scoresheet
    FOR EACH ROW EXECUTE FUNCTION rubrics_refuse_final_sheet();
    """,
    f"""
    CREATE OR REPLACE FUNCTION rubrics_refuse_score_of_final_sheet() RETURNS trigger AS $$
    DECLARE sheet_id bigint;
    BEGIN
        IF TG_OP = 'INSERT' THEN sheet_id := NEW.sheet_id; ELSE sheet_id := OLD.sheet_id; END IF;
        IF EXISTS (SELECT 1 FROM rubrics_scoresheet WHERE id = sheet_id AND status = 'final') THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER rubrics_score_frozen BEFORE INSERT OR UPDATE OR DELETE ON rubrics_score
    FOR EACH ROW EXECUTE FUNCTION rubrics_refuse_score_of_final_sheet();
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS rubrics_score_frozen ON rubrics_score",
    "DROP FUNCTION IF EXISTS rubrics_refuse_score_of_final_sheet()",
    "DROP TRIGGER IF EXISTS rubrics_scoresheet_frozen ON rubrics_scoresheet",
    "DROP FUNCTION IF EXISTS rubrics_refuse_final_sheet()",
]

SQLITE = [
    f"""
    CREATE TRIGGER rubrics_scoresheet_frozen_update BEFORE UPDATE ON rubrics_scoresheet
    WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
] + [
    f"""
    CREATE TRIGGER rubrics_score_frozen_{op.lower()} BEFORE {op} ON rubrics_score
    WHEN (SELECT status FROM rubrics_scoresheet WHERE id = {row}.sheet_id) = 'final'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """
    for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"))
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS rubrics_scoresheet_frozen_update",
    "DROP TRIGGER IF EXISTS rubrics_score_frozen_insert",
    "DROP TRIGGER IF EXISTS rubrics_score_frozen_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(
                f"No scoresheet guard for {schema_editor.connection.vendor}: add one here."
            )
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("rubrics", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
