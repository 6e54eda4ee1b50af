"""Query shapes that stay cheap at scale, shared by every app's selectors.

- `count_of`: a count per row as a correlated subquery, never COUNT(DISTINCT) over a join of two
  many-sides (which multiplies the rows before it divides them again).
- `any_of`: the rows any of several querysets selects, as one `pk IN (… UNION …)`. A scoping
  selector written as an OR of conditions on a joined table (`Q(person__district__in=…) |
  Q(person__user=user)`) makes PostgreSQL read every row of both tables; as a UNION each branch
  is a query of its own that uses its index.
- `CompiledOnce`: a query that every request runs, with one parameter, compiled to SQL once per
  process and database instead of on every request."""

from collections.abc import Callable

from django.db import connections, router
from django.db.models import Count, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(queryset: QuerySet, *, of: str) -> Coalesce:
    """The number of rows of `queryset` whose `of` is the outer row, as a correlated subquery
    (0 when none): one index lookup per row of the page, where a join to two many-sides would
    multiply the rows and need COUNT(DISTINCT) to undo it."""
    counted = (
        queryset.filter(**{of: OuterRef("pk")})
        .order_by()
        .values(of)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def any_of(model: type[Model], *branches: QuerySet) -> QuerySet:
    """The rows of `model` that at least one of `branches` (querysets of `model`) selects: the
    same rows as OR-ing their conditions, each branch planned on its own."""
    ids = [branch.order_by().values("pk") for branch in branches]
    if not ids:
        return model.objects.none()
    if len(ids) == 1:
        return model.objects.filter(pk__in=ids[0])
    return model.objects.filter(pk__in=ids[0].union(*ids[1:]))


class CompiledOnce:
    """A query of one parameter that runs on every request (the signed-in user's roles): the ORM
    builds and compiles it once per process and database, and each call runs that SQL with its own
    value. Compiling a query with subqueries costs one to three milliseconds of Python, a hundred
    times the query's own time on an indexed lookup; the SQL is the ORM's, so it is the same on
    SQLite and PostgreSQL, and the connection's query log and `CaptureQueriesContext` still see
    every run.

    `build(value)` returns the queryset for `value` (a `values_list`: rows come back as tuples,
    without the ORM's converters, so its columns must be ones the driver returns as they are: ids,
    text, and booleans read only for their truth). `value` must appear in the compiled parameters
    exactly once."""

    # No id, district or text the product stores is this number.
    PLACEHOLDER = -7_318_046_259_113

    def __init__(self, model: type[Model], build: Callable[[object], QuerySet]):
        self.model = model
        self.build = build
        self._compiled: dict[str, tuple[str, tuple, int]] = {}

    def sql_for(self, alias: str) -> tuple[str, tuple, int]:
        """The SQL, its parameters and the position of the value among them, for `alias`."""
        compiled = self._compiled.get(alias)
        if compiled is None:
            query = self.build(self.PLACEHOLDER).query
            sql, params = query.get_compiler(using=alias).as_sql()
            positions = [i for i, param in enumerate(params) if param == self.PLACEHOLDER]
            if len(positions) != 1:
                raise ValueError(f"the value must be a parameter exactly once: {params!r}")
            compiled = self._compiled[alias] = (sql, tuple(params), positions[0])
        return compiled

    def rows(self, value) -> list[tuple]:
        alias = router.db_for_read(self.model)
        sql, params, position = self.sql_for(alias)
        params = params[:position] + (value,) + params[position + 1 :]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
