"""`manage.py benchmark_pages` (README, "Benchmark at network scale"): end to end at the quick scale
on PostgreSQL (gunicorn from the Procfile, wrk, the report), and the parts that must refuse or
count failures without a server: SQLite, an unknown page, an answer that is not 2xx."""

import http.server
import json
import shutil
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from certification.management.commands import _benchmark_load as load
from certification.management.commands.benchmark_pages import PAGES

needs_wrk = pytest.mark.skipif(
    shutil.which("wrk") is None, reason="needs wrk (apt-get install wrk)"
)


def test_it_refuses_sqlite_and_says_why():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark_pages", database_url="sqlite:///bench.sqlite3")


def test_it_refuses_a_page_it_does_not_know():
    with pytest.raises(CommandError, match="No such page: nowhere"):
        call_command("benchmark_pages", pages="inbox,nowhere")


class Redirecting(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(302)
        self.send_header("Location", "/accounts/login/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@needs_wrk
def test_its_load_counts_a_redirect_as_a_failure_not_a_fast_answer():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        result = load.run_wrk(url, headers={}, duration=1, connections=2)
    finally:
        server.shutdown()
    assert result["requests"] > 0
    assert result["non2xx"] == result["requests"]
    assert result["last_non2xx"] == 302


@needs_wrk
@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_seeds_serves_and_loads_every_page_and_reports_each(tmp_path):
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    call_command(
        "benchmark_pages",
        quick=True,
        database_url=url,
        duration=1,
        connections=2,
        explain=True,
        output=str(tmp_path),
    )
    results = json.loads((tmp_path / "results.json").read_text())
    assert [r["page"] for r in results] == [p.name for p in PAGES]
    for r in results:
        assert (r["page"], r["status"], r["failed"]) == (r["page"], 200, "")
        assert r["requests"] > 0 and r["non2xx"] == 0
        assert r["p50_ms"] > 0 and r["p95_ms"] >= r["p50_ms"] and r["p99_ms"] >= r["p95_ms"]
        assert r["rss_after"]
        assert r["queries"] > 0 or r["page"].startswith("floor")  # the probe uses no ORM
    report = (tmp_path / "results.md").read_text()
    for page in PAGES:
        assert f"| {page.name} |" in report
    assert "EXPLAIN (ANALYZE, BUFFERS)" in (tmp_path / "explain" / "inbox.txt").read_text()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_its_profile_reports_each_pages_cpu_and_queries_in_process(tmp_path):
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    pages = ["home-associate", "course-run-grid", "partnerships-principal"]
    call_command(
        "benchmark_pages",
        quick=True,
        database_url=url,
        profile=2,
        cprofile=True,
        pages=",".join(pages),
        output=str(tmp_path),
    )
    rows = json.loads((tmp_path / "profile.json").read_text())
    assert [r["page"] for r in rows] == [
        "home, associate",
        "course run grid",
        "partnerships, principal",
    ]
    for r in rows:
        assert r["status"] == 200 and r["queries"] > 0 and r["cpu_ms"] > 0 and r["n"] == 2
    assert "| course run grid | facilitator | 200 |" in (tmp_path / "profile.md").read_text()
    assert (
        "its queries in the last timed fetch"
        in (tmp_path / "profile" / "home-associate.txt").read_text()
    )
    assert not (tmp_path / "results.json").exists()  # no gunicorn, no wrk
