"""The machinery of the access tests: each app lists its views as `Case`s, each case says what every
actor of the cast gets, and `run_case` checks it, including that a refused change changed nothing.
`test_url_coverage` fails when a URL pattern of the project has no case."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ANON = "anonymous"


@dataclass
class Case:
    url_name: str
    url: Callable[[Any], str]
    # Actor -> expected status. An actor not named is expected to be refused with 404, except the
    # anonymous visitor, who is always sent to sign in.
    expect: dict[str, int]
    method: str = "get"
    data: Callable[[Any], dict] = field(default=lambda w: {})
    # For a change: a snapshot of the state it may change; refused actors must leave it as it was.
    state: Callable[[Any], Any] | None = None
    label: str = ""

    @property
    def id(self):
        return self.label or f"{self.url_name}-{self.method}"


def rows_of(*models):
    """Every row of each model's table, every column as the database holds it, by primary key:
    what a refused change must leave as it was. One plain SELECT a table: the ORM's `.values()`
    of the same rows cost an access row a third of its time in building and converting."""
    from django.db import connection

    quote = connection.ops.quote_name
    snapshot = []
    with connection.cursor() as cursor:
        for model in models:
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
            snapshot.append(cursor.fetchall())
    return tuple(snapshot)


def run_case(case, actor, cast, client_for):
    user = getattr(cast, actor)
    client = client_for(user)
    url = case.url(cast)
    before = case.state(cast) if case.state else None
    response = getattr(client, case.method)(url, case.data(cast))
    if actor == ANON:
        assert response.status_code == 302, f"{url} let an anonymous visitor in"
        assert response["Location"].startswith("/accounts/login/"), response["Location"]
        expected = 302
    else:
        expected = case.expect.get(actor, 404)
        assert response.status_code == expected, (
            f"{actor} {case.method.upper()} {url}: {response.status_code}, expected {expected}"
        )
    if case.state and (actor == ANON or expected in (403, 404, 405)):
        assert case.state(cast) == before, f"{actor} was refused but {url} changed something"
    return response


# Every actor of the cast, weakest first; associate_b staffs a program only district B is in.
ACTORS = ["anonymous", "coach_b", "coach_a", "principal_a", "admin_b", "admin_a", "associate"]
ACTORS += ["superuser", "associate_b"]


def count_queries(client, url):
    """The number of database queries one GET of `url` runs; the page must answer 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)
