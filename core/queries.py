"""Query shapes that stay cheap at scale, shared by every app's selectors.

- `count_of`: a count per row as a correlated subquery, never COUNT(DISTINCT) over a join of two
  many-sides (which multiplies the rows before it divides them again).
- `any_of`: the rows any of several querysets selects, as one `pk IN (… UNION …)`. A scoping
  selector written as an OR of conditions on a joined table (`Q(person__district__in=…) |
  Q(person__user=user)`) makes PostgreSQL read every row of both tables; as a UNION each branch
  is a query of its own that uses its index."""

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
