"""Casts built once and lent to every test that asks for them (CONVENTIONS.md: "Tests cost little
per case").

A cast fixture declared with `@cast_layer` instead of `@pytest.fixture` is built once for a run of
tests that ask for the same layers, in a transaction of its own, and every such test gets a deep copy
of what was built (a test may change its objects freely: the next test gets its own copy again) and
runs in a savepoint inside that transaction (pytest-django's `db`), which is rolled back after it: no
test sees another's writes. The layers stand in a stack, each in a savepoint over the one below:
when the next test asks for other layers, only the layers it does not share are rolled back and built
again; a test that asks for no cast gets the empty database. At the end of the session all is rolled
back, so a reused test database (`--reuse-db`) stays empty.

Tests that commit (`transactional_db`, `live_server`, `django_db(transaction=True)`: a browser
against the live server, a worker process, threads racing on PostgreSQL) cannot borrow a cast that
lives in an uncommitted transaction: for them the layers are built afresh, except on SQLite's
in-memory database, where the whole database as it stood after the first build is kept
(`CommittedSnapshots`) and copied back for the next test that builds the same layer on the same
database (the flushed one, as every such test starts).

A layer takes one argument, the layer below it (the root cast takes none), builds on that namespace
and returns it. Its build may change only the database: files, settings and the clock are not rolled
back (a layer that needs them stays a plain `@pytest.fixture`, built per test over the copy). Mail
sent while building is handed to each test again, and Django's caches are cleared before each test
that borrows a cast, as if the build had just run.
"""

import copy
import inspect
import pickle
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from pytest_django.fixtures import validate_django_db

LOAN = pytest.StashKey["Loan"]()
STORE = pytest.StashKey["CastStore"]()


@dataclass(frozen=True, eq=False)
class Layer:
    build: object
    below: str | None  # the fixture name of the layer below; None for the root cast

    def __repr__(self):
        return f"<cast layer {self.build.__module__}.{self.build.__name__}>"


def cast_layer(build):
    """Declare `build` a cast fixture whose result is shared as described above."""
    names = list(inspect.signature(build).parameters)
    if len(names) > 1:
        raise TypeError(f"{build.__name__}: a cast layer takes only the layer below it")
    below = names[0] if names else None

    def fixture(request, **arguments):
        loan = request.node.stash.get(LOAN, None)
        if loan is not None:
            return loan.namespace()
        layer = fixture.cast_layer
        return committed_snapshots.restore_or_build(
            layer, lambda: build(arguments[below]) if below else build()
        )

    # pytest reads the fixture's arguments from its signature: the layer below, or `db` for the root.
    parameters = ["request", below or "db"]
    fixture.__signature__ = inspect.Signature(
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in parameters]
    )
    fixture.__name__ = fixture.__qualname__ = build.__name__
    fixture.__doc__ = build.__doc__
    fixture.__module__ = build.__module__
    fixture.cast_layer = Layer(build, below)
    return pytest.fixture(name=build.__name__)(fixture)


@dataclass(eq=False)
class Level:
    layer: Layer
    connection: object
    atomic: transaction.Atomic
    snapshot: object
    mail: list
    pickled: bytes | None = None

    def fresh_copy(self):
        """A copy of the snapshot of its own, as `copy.deepcopy` makes one: unpickled from bytes
        pickled once (a few times faster than a deep copy of model instances, which a test made
        ~3,000 times). A namespace that cannot be pickled is deep-copied."""
        if self.pickled is None:
            try:
                self.pickled = pickle.dumps(self.snapshot, pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):
                self.pickled = b""
        return pickle.loads(self.pickled) if self.pickled else copy.deepcopy(self.snapshot)


class Loan:
    """What one test borrows: one deep copy of the top level, made when a layer first asks."""

    def __init__(self, level):
        self.level = level
        self.copy = None

    def namespace(self):
        if self.copy is None:
            self.copy = self.level.fresh_copy()
            for cache in caches.all(initialized_only=True):
                cache.clear()
            mail.outbox.extend(copy.deepcopy(self.level.mail))
        return self.copy


class CastStore:
    """The stack of built layers of one test session (one per xdist worker)."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.levels: list[Level] = []

    def lend(self, layers):
        """Make the stack exactly `layers`, bottom first; the top level, or None for no layers."""
        keep = 0
        while keep < min(len(layers), len(self.levels)) and self.levels[keep].layer is layers[keep]:
            keep += 1
        if self.levels and self.levels[0].connection is not connections[DEFAULT_DB_ALIAS]:
            # Playwright's sync API, say, runs what follows with connections of its own: the
            # casts' transaction must be gone by then (pytest_runtest_setup sees to it).
            raise RuntimeError("the shared casts' database connection was replaced under them")
        with self.blocker.unblock():
            self.roll_back_to(keep)
            for layer in layers[keep:]:
                self.levels.append(self._build(layer))
        return self.levels[-1] if self.levels else None

    def _build(self, layer):
        below = self.levels[-1] if self.levels else None
        arguments = [copy.deepcopy(below.snapshot)] if below else []
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as Django's TestCase marks its own: durable blocks may nest
        atomic.__enter__()
        sent = len(mail.outbox)
        try:
            namespace = layer.build(*arguments)
        except BaseException as error:
            atomic.__exit__(type(error), error, error.__traceback__)
            raise
        built = (below.mail if below else []) + mail.outbox[sent:]
        del mail.outbox[sent:]
        connection = connections[DEFAULT_DB_ALIAS]
        return Level(layer, connection, atomic, copy.deepcopy(namespace), copy.deepcopy(built))

    def roll_back_to(self, depth):
        while len(self.levels) > depth:
            level = self.levels.pop()
            transaction.set_rollback(True)
            level.atomic.__exit__(None, None, None)

    def close(self):
        with self.blocker.unblock():
            self.roll_back_to(0)


class CommittedSnapshots:
    """For tests that commit, on SQLite's in-memory database: the database as it stood after a
    build, copied back (SQLite's backup API, a few milliseconds) instead of building again.

    A snapshot is taken only over the database a test starts with, and used only over the same one:
    its key holds the number of rows of each table before the build, so a test that wrote
    something first builds afresh. Mail sent while building is handed out again, and Django's
    caches are cleared, as if the build had just run."""

    def __init__(self):
        self.kept = {}

    def restore_or_build(self, what, build):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return build()
        connection.ensure_connection()
        key = (what, self._rows(connection))
        if key in self.kept:
            database, namespace, sent = self.kept[key]
            database.backup(connection.connection)
            for cache in caches.all(initialized_only=True):
                cache.clear()
            mail.outbox.extend(copy.deepcopy(sent))
            return copy.deepcopy(namespace)
        before = len(mail.outbox)
        namespace = build()
        database = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(database)
        self.kept[key] = (database, copy.deepcopy(namespace), copy.deepcopy(mail.outbox[before:]))
        return namespace

    @staticmethod
    def _rows(connection):
        """How many rows each table holds (a flush leaves its autoincrement counters as they were,
        so those cannot tell one empty database from another)."""
        tables = connection.introspection.table_names()
        counts = " UNION ALL ".join(
            f"SELECT {index}, COUNT(*) FROM {connection.ops.quote_name(name)}"
            for index, name in enumerate(tables)
        )
        with connection.cursor() as cursor:
            cursor.execute(counts)
            return tuple(
                zip(tables, (count for _, count in sorted(cursor.fetchall())), strict=True)
            )


committed_snapshots = CommittedSnapshots()


@contextmanager
def undone():
    """The block's writes, undone when it ends (a savepoint, rolled back): a test that borrows a
    layer of many rows cuts it down to a few inside the block, measures the few, then measures the
    many as the layer built them. ("The same queries at 2 rows as at 50": the 50 are built once, in
    the layer, not once for each page a test tries.)"""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def checkpoint():
    """The newest id of every table with integer ids, now: `rewind(checkpoint())` later deletes
    every row written since (a layer notes one between its 2 rows and its 50)."""
    connection = connections[DEFAULT_DB_ALIAS]
    tables = _tables_with_integer_ids()
    quote = connection.ops.quote_name
    newest = " UNION ALL ".join(
        f"SELECT {index}, MAX({quote(column)}) FROM {quote(table)}"
        for index, (table, column) in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(newest)
        found = dict(cursor.fetchall())
    return {tables[index]: newest or 0 for index, newest in found.items()}


def _tables_with_integer_ids():
    from django.apps import apps

    automatic = {"AutoField", "BigAutoField", "SmallAutoField"}
    return [
        (model._meta.db_table, model._meta.pk.column)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.pk.get_internal_type() in automatic
    ]


def rewind(mark):
    """Delete every row written since `checkpoint()` gave `mark` (inside `undone()`, which brings
    them back). The rows are deleted as one statement a table, past the ORM's protection of
    history and past the database's triggers (`deleting_past_triggers`): nothing outside the block
    sees the database without them, and the foreign keys, checked when a test ends, are whole again
    by then. Rows changed since the mark stay as they are now."""
    now = checkpoint()
    with deleting_past_triggers() as delete:
        for (table, column), newest in now.items():
            since = mark.get((table, column), 0)
            if newest > since:
                delete(table, column, since, newest)


@contextmanager
def deleting_past_triggers():
    """`delete(table, column, after, upto)`: delete the rows whose `column` is in (after, upto],
    one statement, inside `undone()`. On PostgreSQL the triggers that refuse it (rubrics' final
    scoresheets and their scores) are off while it runs (`session_replication_role`, for this
    transaction only, and undone with the block's savepoint); SQLite's refuse only updates."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("rows are deleted past the triggers only inside undone()")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        if postgres:
            cursor.execute("SET LOCAL session_replication_role = replica")

        def delete(table, column, after, upto):
            cursor.execute(
                f"DELETE FROM {quote(table)} WHERE {quote(column)} > %s AND {quote(column)} <= %s",
                [after, upto],
            )

        try:
            yield delete
        finally:
            if postgres:
                cursor.execute("SET LOCAL session_replication_role = origin")


def layers_of(item):
    """The cast layers `item` asks for, bottom first, in the order pytest would build them."""
    fixturedefs = item._fixtureinfo.name2fixturedefs
    chain = []

    def add(name):
        layer = getattr(fixturedefs[name][-1].func, "cast_layer", None)
        if layer is None or layer in chain:
            return layer
        if layer.below and add(layer.below) is None:
            raise TypeError(f"{layer}: {layer.below} below it is not a cast layer")
        chain.append(layer)
        return layer

    for name in item.fixturenames:
        if name in fixturedefs:
            add(name)
    return chain


def commits(item):
    """Whether pytest-django runs `item` as a TransactionTestCase (it commits, then flushes)."""
    marker = item.get_closest_marker("django_db")
    transactional, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    names = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return transactional or reset_sequences or bool(names & set(item.fixturenames))


@pytest.fixture(scope="session")
def cast_store(request, django_db_setup, django_db_blocker):
    store = request.config.stash[STORE] = CastStore(django_db_blocker)
    yield store
    store.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # A test that commits gets the empty database, and before any of its fixtures is set up: a
    # session-wide one of its own (the browser) may change the connections of what follows.
    store = item.config.stash.get(STORE, None)
    if store is not None and commits(item):
        store.lend([])


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    # pytest-django opens each test's transaction in `_django_db_helper` (behind `db`,
    # `transactional_db` and the django_db mark): the layers the test borrows are made ready
    # just before, outside it.
    if fixturedef.argname == "_django_db_helper":
        item = request.node
        store = request.getfixturevalue("cast_store")
        if commits(item):
            store.lend([])
        elif level := store.lend(layers_of(item)):
            item.stash[LOAN] = Loan(level)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    try:
        return (yield)
    finally:
        if LOAN in item.stash:
            del item.stash[LOAN]  # the copy is the test's alone: let it go with the test
