"""`manage.py benchmark_pages`: the key pages at network scale, on PostgreSQL, served by gunicorn
as the README's production section runs it, loaded by wrk (README, "Benchmark at network scale").

It works in a benchmark database of its own (`coaching_bench`, made on the PostgreSQL server of
DATABASE_URL, or of 127.0.0.1), never in the database you work in unless `--database-url` names
it. The first run migrates and seeds it (a few minutes at full scale); later runs reuse it
(`--reseed` drops it and seeds it again). The command then runs itself again with the production
settings and that database, and in that second process: fetches every page once in-process
(status, queries, the slowest query's plan with `--explain`), starts gunicorn from the Procfile's
`web` line, loads each page in turn with wrk, and writes the report (benchmarks/results.md).

A page is one line of PAGES: a name, the role it is fetched as, its URL name and the ids its URL
takes (keys of `_benchmark_seed.accounts()["ids"]`).
"""

import dataclasses
import datetime as dt
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from . import _benchmark_load as load
from . import _benchmark_seed as bench


@dataclasses.dataclass(frozen=True)
class Page:
    name: str
    role: str  # a key of accounts()["users"]: associate, facilitator, district_admin, coach, ...
    url: str  # a URL name
    args: tuple = ()  # keys of accounts()["ids"], in the URL's order
    query: str = ""  # a query string, without "?"; {id} names are filled in as in args
    varies_address: bool = False  # each request from another visitor address (/verify/'s limit)


# The key pages of issue 11, and the other lists and dashboards. A new page: one line here.
PAGES = [
    # The floor: the load balancer's probe, one query and no session or template. What the
    # machine (and its load) costs any request; compare the other pages with it.
    Page("floor: /health/web/", "anonymous", "health_web"),
    Page("pipeline, associate", "associate", "certification:pipeline"),
    Page("pipeline, district admin", "district_admin", "certification:pipeline"),
    Page("review queue", "associate", "certification:review_queue"),
    Page("candidate page", "associate", "certification:candidacy_detail", ("candidacy",)),
    Page("my path", "coach", "certification:my_path"),
    Page("home, associate", "associate", "coaching:home"),
    Page("home, district admin", "district_admin", "coaching:home"),
    Page("home, coach", "coach", "coaching:home"),
    Page("home, principal", "principal", "coaching:home"),
    Page("inbox", "district_admin", "coaching:inbox"),
    Page(
        "agreement report", "associate", "rubrics:agreement_report", query="version={cfr_version}"
    ),
    Page("verify", "anonymous", "verify:number", ("certificate_number",), varies_address=True),
    Page("certificate PDF", "coach", "certification:certificate_pdf", ("certificate",)),
    Page("certificate", "coach", "certification:certificate_detail", ("certificate",)),
    Page("submission", "associate", "certification:submission_detail", ("submission",)),
    Page("district list", "associate", "coaching:district_list"),
    Page("district", "district_admin", "coaching:district_detail", ("district",)),
    Page("staff list", "district_admin", "coaching:staff_list", ("district",)),
    Page("staff member", "district_admin", "coaching:staff_detail", ("person",)),
    Page("training", "associate", "coaching:training"),
    Page("program list", "associate", "coaching:program_list"),
    Page("program", "associate", "coaching:program_detail", ("program",)),
    Page("program settings", "associate", "certification:program_settings", ("program",)),
    Page("coaches", "associate", "observations:coach_list"),
    Page("my reviews", "associate", "rubrics:my_reviews"),
    Page("adjudications", "associate", "rubrics:adjudication_list"),
    Page("rubrics", "associate", "rubrics:rubric_list"),
    Page("videos", "associate", "observations:video_list"),
    Page("profile, coach", "coach", "coaching:profile"),
    Page("my engagements, coach", "coach", "coaching:my_engagements"),
    Page("engagement, coach", "coach", "coaching:engagement_detail", ("engagement",)),
    Page("check-ins, coach", "coach", "coaching:checkin_list", ("engagement",)),
    Page("my coaching, coachee", "coachee", "coaching:my_coaching"),
    Page("coaching at my school, principal", "principal", "coaching:school_coaching"),
    Page("district engagements", "district_admin", "coaching:district_engagements", ("district",)),
    Page("courses, facilitator", "facilitator", "coaching:course_list"),
    Page("course run grid", "facilitator", "coaching:run_grid", ("course_run",)),
    Page("answers side by side", "facilitator", "coaching:run_session_detail", ("run_session",)),
    Page("peer team, principal", "principal", "coaching:peer_team", ("peer_team",)),
    Page("partnerships, principal", "principal", "coaching:peer_partnerships", ("peer_team",)),
]

CHILD = "BENCHMARK_PAGES_CHILD"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis")


def slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


class Command(BaseCommand):
    help = (
        "Seed (once) a benchmark database at network scale on PostgreSQL, serve it with gunicorn "
        "as in production and load every key page with wrk: p50/p95/p99, requests/s, queries, "
        "worker memory; written to benchmarks/results.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--duration", type=int, help="seconds of load per page (10; 1 with --quick)"
        )
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument(
            "--pages",
            help="a comma-separated subset of the pages, by name or slug (see --list)",
        )
        parser.add_argument("--list", action="store_true", help="list the pages and stop")
        parser.add_argument("--reseed", action="store_true", help="drop the data and seed again")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="write EXPLAIN (ANALYZE, BUFFERS) of each page's slowest query to "
            "<output>/explain/<page>.txt",
        )
        parser.add_argument("--quick", action="store_true", help="a tiny scale: a smoke test")
        parser.add_argument(
            "--database-url",
            help="the PostgreSQL database to use (default: coaching_bench on DATABASE_URL's "
            "server or 127.0.0.1; coaching_bench_quick with --quick)",
        )
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("BENCHMARK_REDIS_URL", DEFAULT_REDIS),
            help=f"cache and broker (BENCHMARK_REDIS_URL, or {DEFAULT_REDIS})",
        )
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "benchmarks"), help="report folder"
        )
        parser.add_argument("--seed-only", action="store_true", help="seed (or check) and stop")
        parser.add_argument(
            "--profile",
            type=int,
            metavar="N",
            help="no gunicorn, no wrk: fetch each page N times in-process and report its CPU "
            "time per request (time.process_time, the median), wall time and queries; written to "
            "<output>/profile.md. What to compare on a shared machine, where wrk's figures "
            "measure the other work",
        )
        parser.add_argument(
            "--cprofile",
            action="store_true",
            help="with --profile: keep each page's cProfile (its 40 costliest functions, by "
            "cumulative and own time) in <output>/profile/<page>.txt",
        )

    # --- the first process: the database, then the same command in production settings ----------

    def handle(self, *args, **options):
        if options["list"]:
            for page in PAGES:
                self.stdout.write(f"{slug(page.name):28} {page.role:15} {page.url}")
            return
        self.selected(options["pages"])  # refuse an unknown page before any work
        if os.environ.get(CHILD):
            return self.serve(**options)
        url, explicit = self.database_url(options)
        self.prepare_database(url, explicit=explicit, reseed=options["reseed"])
        env = dict(
            os.environ,
            **{
                CHILD: "1",
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "DATABASE_URL": url,
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                "SITE_URL": "http://127.0.0.1",
                "CELERY_BROKER_URL": options["redis_url"],
                "CACHE_URL": options["redis_url"],
                "EMAIL_URL": "consolemail://",
                # The README's local try of the production shape: plain HTTP, no TLS proxy.
                "SECURE_SSL_REDIRECT": "False",
                "LOG_LEVEL": "WARNING",
            },
        )
        env.pop("DEBUG", None)
        env.pop("WEB_CONCURRENCY", None)  # the Procfile's default, as the README runs it
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark_pages"]
        for option in ("duration", "connections", "pages", "output", "profile"):
            if options[option] is not None:
                command += [f"--{option.replace('_', '-')}", str(options[option])]
        for flag in ("explain", "quick", "seed_only", "cprofile"):
            if options[flag]:
                command.append(f"--{flag.replace('_', '-')}")
        if options["reseed"] and explicit:
            command.append("--reseed")  # a database named by option is flushed, not dropped
        # Static files collected into a directory of the run's own: collecting into the project's
        # STATIC_ROOT would rewrite the files that another process (a test run) is serving.
        static_root = tempfile.mkdtemp(prefix="coaching-benchmark-static-")
        env["STATIC_ROOT"] = static_root
        try:
            done = subprocess.run(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603 (ourselves)
        finally:
            shutil.rmtree(static_root, ignore_errors=True)
        if done.returncode:
            raise CommandError(f"The benchmark failed (exit {done.returncode}): see above.")

    def database_url(self, options):
        url = options["database_url"] or os.environ.get("BENCHMARK_DATABASE_URL")
        explicit = bool(url)
        if not url:
            name = "coaching_bench_quick" if options["quick"] else "coaching_bench"
            base = os.environ.get("DATABASE_URL", "")
            if urlsplit(base).scheme in POSTGRES_SCHEMES:
                url = urlunsplit(urlsplit(base)._replace(path=f"/{name}", query=""))
            else:
                url = f"postgres://postgres@127.0.0.1:5432/{name}"
        if urlsplit(url).scheme not in POSTGRES_SCHEMES:
            raise CommandError(
                f"benchmark_pages measures the production shape, PostgreSQL; {url.split(':')[0]} "
                "is not it (SQLite's locking and planner say nothing of production). Give a "
                "PostgreSQL server: --database-url postgres://user@host:5432/coaching_bench."
            )
        return url, explicit

    def prepare_database(self, url, *, explicit, reseed):
        """Make the benchmark database if it is missing; with --reseed drop it first (only one
        this command names itself: a database named by option is flushed instead)."""
        import environ
        import psycopg2
        from psycopg2 import sql

        config = environ.Env.db_url_config(url)
        name = config["NAME"]
        try:
            server = psycopg2.connect(
                dbname="postgres",
                user=config.get("USER") or None,
                password=config.get("PASSWORD") or None,
                host=config.get("HOST") or None,
                port=config.get("PORT") or None,
            )
        except psycopg2.OperationalError as error:
            raise CommandError(f"Cannot reach PostgreSQL for {name}: {error}".strip()) from error
        server.autocommit = True
        try:
            with server.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                exists = cursor.fetchone() is not None
                if exists and reseed and not explicit:
                    self.stdout.write(f"Dropping {name} (--reseed).")
                    cursor.execute(
                        sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
                    )
                    exists = False
                if not exists:
                    self.stdout.write(f"Creating the benchmark database {name}.")
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        finally:
            server.close()

    # --- the second process: production settings, the benchmark database -----------------------

    def say(self, text=""):
        if not hasattr(self, "started"):
            self.started = time.monotonic()
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f} s] {text}" if text else "")
        self.stdout.flush()

    def selected(self, pages):
        if not pages:
            return PAGES
        wanted = [p.strip() for p in pages.split(",") if p.strip()]
        by_key = {**{p.name: p for p in PAGES}, **{slug(p.name): p for p in PAGES}}
        unknown = [w for w in wanted if w not in by_key]
        if unknown:
            raise CommandError(f"No such page: {', '.join(unknown)} (see --list).")
        return [by_key[w] for w in wanted]

    def serve(self, **options):
        if connection.vendor != "postgresql":
            raise CommandError("benchmark_pages runs on PostgreSQL only.")
        scale = bench.QUICK if options["quick"] else bench.FULL
        duration = options["duration"] or (1 if options["quick"] else 10)
        if duration < 1:
            raise CommandError("--duration is a whole number of seconds, at least 1 (wrk's unit).")
        out = Path(options["output"])
        out.mkdir(parents=True, exist_ok=True)
        self.say(f"Database {connection.settings_dict['NAME']}: migrating.")
        call_command("migrate", interactive=False, verbosity=0)
        if options["reseed"]:
            self.say("Flushing it (--reseed).")
            call_command("flush", interactive=False, verbosity=0)
        seeding = self.ensure_seeded(scale)
        if options["seed_only"]:
            return
        if options["profile"]:
            return self.profile(options["profile"], options["pages"], options["cprofile"], out)
        if load.wrk_path() is None:
            raise CommandError(
                "wrk is not installed: `apt-get install -y wrk` (make benchmark tries it)."
            )
        self.check_redis()
        call_command("collectstatic", interactive=False, verbosity=0)
        accounts = bench.accounts()
        pages = self.selected(options["pages"])
        clients, cookies = self.sign_in(accounts["users"], {p.role for p in pages})
        results = [
            self.in_process(page, accounts, clients, options["explain"], out) for page in pages
        ]
        server = load.Server(Path(settings.BASE_DIR), dict(os.environ), out / "gunicorn.log")
        self.say(f"Serving with: {server.command}   (BIND={server.env['BIND']})")
        server.start()
        try:
            workers = server.workers()
            server.worker_count = len(workers)
            self.say(f"gunicorn master {server.process.pid}, workers {workers}")
            for result in results:
                if result["failed"]:
                    continue
                self.under_load(result, server, cookies, duration, options["connections"])
        finally:
            server.stop()
        report = self.report(results, scale, seeding, server, duration, options)
        (out / "results.md").write_text(report)
        (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
        self.say()
        self.say(report)
        self.say(f"Written to {out / 'results.md'} (and results.json).")
        failed = [r["page"] for r in results if r["failed"]]
        if failed:
            raise CommandError(f"{len(failed)} page(s) failed: {', '.join(failed)}.")

    def profile(self, n, pages, keep_cprofile, out):
        """Each page fetched `n` times in-process after a warming fetch: the CPU this process
        spent per request (the view, the templates, the ORM, the driver; PostgreSQL's own time
        is not in it), the wall time, and the queries. Medians, so that a neighbour's burst on a
        shared machine moves the figures little."""
        import cProfile
        import io
        import pstats
        import statistics

        if n < 1:
            raise CommandError("--profile takes a number of requests, at least 1.")
        self.check_redis()
        call_command("collectstatic", interactive=False, verbosity=0)
        accounts = bench.accounts()
        chosen = self.selected(pages)
        clients, _ = self.sign_in(accounts["users"], {p.role for p in chosen})
        rows = []
        for page in chosen:
            url = reverse(page.url, args=[accounts["ids"][a] for a in page.args])
            url += f"?{page.query.format(**accounts['ids'])}" if page.query else ""
            client = clients[page.role]

            def fetch(client=client, url=url, page=page):
                extra = {"HTTP_X_FORWARDED_FOR": self.address()} if page.varies_address else {}
                response = client.get(url, **extra)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
                return response

            status = fetch().status_code  # warm: templates, connections, caches
            cpu, wall, db, queries = [], [], [], 0
            for _ in range(n):
                with CaptureQueriesContext(connection) as captured:
                    c0, w0 = time.process_time(), time.perf_counter()
                    fetch()
                    cpu.append(time.process_time() - c0)
                    wall.append(time.perf_counter() - w0)
                db.append(sum(float(q["time"]) for q in captured.captured_queries))
                queries = len(captured)
                last = captured.captured_queries
            row = {
                "page": page.name,
                "role": page.role,
                "status": status,
                "queries": queries,
                "cpu_ms": round(statistics.median(cpu) * 1000, 1),
                "wall_ms": round(statistics.median(wall) * 1000, 1),
                "db_ms": round(statistics.median(db) * 1000, 1),
                "n": n,
            }
            rows.append(row)
            self.say(
                f"{page.name:34} {status} {queries:3} queries  CPU {row['cpu_ms']:7.1f} ms  "
                f"wall {row['wall_ms']:7.1f} ms  database {row['db_ms']:6.1f} ms"
            )
            if keep_cprofile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(n):
                    fetch()
                profiler.disable()
                text = io.StringIO()
                stats = pstats.Stats(profiler, stream=text).strip_dirs()
                stats.sort_stats("cumulative").print_stats(40)
                stats.sort_stats("tottime").print_stats(40)
                folder = out / "profile"
                folder.mkdir(parents=True, exist_ok=True)
                slowest = sorted(last, key=lambda q: -float(q["time"]))
                (folder / f"{slug(page.name)}.txt").write_text(
                    f"page: {page.name} (as {page.role}) {url}, {n} requests\n\n"
                    "its queries in the last timed fetch, slowest first (ms):\n"
                    + "".join(f"{float(q['time']) * 1000:8.1f}  {q['sql']}\n" for q in slowest)
                    + "\n"
                    + text.getvalue()
                )
        info = load.machine()
        lines = [
            f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `manage.py benchmark_pages "
            f"--profile {n}` on {info['cpus']} CPUs ({info['cpu']}), load average "
            f"{load.load_average()} at the end; git {self.git()}; production settings, "
            f"{connection.settings_dict['NAME']}. In-process (django.test.Client), each page "
            f"{n} times after a warming fetch; medians. CPU: this process's time.process_time "
            "per request (PostgreSQL's own time is not in it); database: the queries' time as "
            "the client saw it.",
            "",
            "| page | as | status | queries | CPU ms | wall ms | database ms |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: |",
            *(
                f"| {r['page']} | {r['role'].replace('_', ' ')} | {r['status']} | {r['queries']} "
                f"| {r['cpu_ms']} | {r['wall_ms']} | {r['db_ms']} |"
                for r in rows
            ),
        ]
        report = "\n".join(lines) + "\n"
        (out / "profile.md").write_text(report)
        (out / "profile.json").write_text(json.dumps(rows, indent=2))
        self.say(f"Written to {out / 'profile.md'}.")
        failed = [r["page"] for r in rows if r["status"] != 200]
        if failed:
            raise CommandError(f"{len(failed)} page(s) did not answer 200: {', '.join(failed)}.")

    def check_redis(self):
        """Production's cache and broker are Redis: without it every request would wait out the
        cache's timeouts, and the figures would measure that."""
        import redis

        url = settings.CACHES["default"].get("LOCATION", "")
        url = url[0] if isinstance(url, list) else url
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        except redis.RedisError as error:
            raise CommandError(
                f"Redis does not answer at {url} ({error}): start it "
                "(redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or give --redis-url."
            ) from error

    def ensure_seeded(self, scale) -> str:
        held = bench.seeded_scale()
        if held is None:
            self.say(f"Seeding the {scale.name} scale ({dataclasses.asdict(scale)}).")
            result = bench.seed(scale, stdout=self.stdout)
            return f"seeded in this run in {result['timings']['total']:.0f} s"
        if held != scale.name:
            raise CommandError(
                f"The benchmark database holds the {held} scale, not {scale.name}: run with "
                "--reseed to replace it."
            )
        if f"({bench.scale_sizes(scale)})" not in bench.seeded_description():
            raise CommandError(
                f"The benchmark database holds an older shape of the {held} scale "
                f"({bench.seeded_description()}): run with --reseed to seed the current one."
            )
        self.say(f"Reusing the seeded data: {bench.seeded_description()}")
        return "reused: " + bench.seeded_description()

    def sign_in(self, users, roles):
        """A Django session for each role's login, in the benchmark database: the test client for
        the in-process fetch, and its session cookie for wrk."""
        clients, cookies = {}, {}
        for role in roles:
            client = Client()
            if users[role] is not None:
                client.force_login(users[role])
                cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            clients[role] = client
        return clients, cookies

    def in_process(self, page, accounts, clients, explain, out) -> dict:
        result = {"page": page.name, "role": page.role, "failed": "", "url": ""}
        result["varies_address"] = page.varies_address
        try:
            url = reverse(page.url, args=[accounts["ids"][a] for a in page.args])
        except (NoReverseMatch, KeyError) as error:
            result["failed"] = f"no URL: {error}"
            self.say(f"{page.name}: {result['failed']}")
            return result
        result["url"] = url + (f"?{page.query.format(**accounts['ids'])}" if page.query else "")
        extra = {"HTTP_X_FORWARDED_FOR": self.address()} if page.varies_address else {}
        clients[page.role].get(result["url"], **extra)  # warm: templates, connections, caches
        with CaptureQueriesContext(connection) as queries:
            started = time.monotonic()
            response = clients[page.role].get(result["url"], **extra)
            body = (
                b"".join(response.streaming_content)
                if getattr(response, "streaming", False)
                else response.content
            )
            took = time.monotonic() - started
        result.update(
            status=response.status_code,
            queries=len(queries),
            kib=round(len(body) / 1024, 1),
            in_process_s=round(took, 3),
            query_ms=round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
        )
        if response.status_code != 200:
            result["failed"] = f"status {response.status_code} in-process"
        self.say(
            f"{page.name:28} {response.status_code} {len(queries):4} queries "
            f"{took * 1000:8.0f} ms in-process  {result['kib']:8.1f} KiB  {result['url']}"
        )
        selects = sorted(
            (q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")),
            key=lambda q: -float(q["time"]),
        )
        if selects:
            result["slowest_query_ms"] = round(float(selects[0]["time"]) * 1000, 1)
            if explain:
                self.write_explain(page, result, selects, out)
        return result

    def write_explain(self, page, result, selects, out):
        """EXPLAIN (ANALYZE, BUFFERS) of the page's slowest query: of the three slowest as timed
        in the fetch (a busy machine makes one fetch's timings noisy), the one whose plan runs
        longest."""
        plans = []
        for query in selects[:3]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            ms = next(
                (
                    float(line.split(":")[1].split()[0])
                    for line in plan.splitlines()
                    if line.startswith("Execution Time:")
                ),
                0.0,
            )
            plans.append((ms, query, plan))
        ms, worst, plan = max(plans, key=lambda p: p[0])
        result["worst_query_explain_ms"] = ms
        folder = out / "explain"
        folder.mkdir(parents=True, exist_ok=True)
        text = [
            f"page: {page.name} (as {page.role}) {result['url']}",
            f"measured: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {result['queries']} queries, "
            f"{result['query_ms']} ms in the database of {result['in_process_s'] * 1000:.0f} ms",
            "",
            "the slowest queries of the fetch (ms as timed in it; EXPLAIN ANALYZE execution ms):",
            *(f"  {float(q['time']) * 1000:8.1f}  {m:8.1f}  {q['sql'][:150]}" for m, q, _ in plans),
            *(
                f"  {float(q['time']) * 1000:8.1f}            {q['sql'][:150]}"
                for q in selects[3:5]
            ),
            "",
            f"the worst ({ms} ms in EXPLAIN ANALYZE):",
            worst["sql"],
            "",
            "EXPLAIN (ANALYZE, BUFFERS):",
            plan,
            "",
        ]
        (folder / f"{slug(page.name)}.txt").write_text("\n".join(text))

    @staticmethod
    def address():
        a, b, c = (random.randrange(1, 250) for _ in range(3))  # noqa: S311 (not a secret)
        return f"10.{a}.{b}.{c}"

    def under_load(self, result, server, cookies, duration, connections):
        headers = {}
        if result["role"] in cookies:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookies[result['role']]}"
        url = server.url + result["url"]
        workers = server.workers()
        # Before: warm (one request), then idle; as long as the page, at least, if it is slow.
        varies = result["varies_address"]
        warm = {**headers, **({"X-Forwarded-For": self.address()} if varies else {})}
        status = load.fetch(url, warm)
        if status != 200:
            result["failed"] = f"status {status} from gunicorn"
            self.say(f"{result['page']}: {result['failed']}")
            return
        # A slow page gets a longer run, so that each connection completes a few requests.
        seconds = max(duration, min(120, round(result["in_process_s"] * 20)))
        rss_before = load.rss_mib(workers)
        load_before = load.load_average()
        started = time.monotonic()
        wrk = load.run_wrk(
            url,
            headers=headers,
            duration=seconds,
            connections=connections,
            vary_address=varies,
        )
        drained = load.wait_idle(workers)
        rss_after = load.rss_mib(server.workers())
        result.update(
            duration_s=seconds,
            wall_s=round(time.monotonic() - started, 1),
            drained_s=round(drained, 1),
            requests=wrk["requests"],
            rps=round(wrk["requests"] / (wrk["duration_us"] / 1e6), 1) if wrk["duration_us"] else 0,
            p50_ms=round(wrk["p50_us"] / 1000, 1),
            p95_ms=round(wrk["p95_us"] / 1000, 1),
            p99_ms=round(wrk["p99_us"] / 1000, 1),
            max_ms=round(wrk["max_us"] / 1000, 1),
            non2xx=wrk["non2xx"],
            socket_errors=wrk["connect"] + wrk["read"] + wrk["write"],
            timeouts=wrk["timeout"],
            rss_before=[round(x) for x in rss_before],
            rss_after=[round(x) for x in rss_after],
            load_before=load_before,
            load_after=load.load_average(),
            wrk=wrk["command"],
        )
        if wrk["non2xx"]:
            result["failed"] = f"{wrk['non2xx']} answers not 2xx (last {wrk['last_non2xx']})"
        elif result["socket_errors"]:
            result["failed"] = f"{result['socket_errors']} socket errors"
        elif not wrk["requests"]:
            result["failed"] = f"no request completed in {seconds} s"
        self.say(
            f"{result['page']:28} {result['requests']:6} req {result['rps']:7} req/s  p50 "
            f"{result['p50_ms']:8} p95 {result['p95_ms']:8} p99 {result['p99_ms']:8} ms  RSS "
            f"{max(rss_before, default=0):.0f}→{max(rss_after, default=0):.0f} MiB"
            + (f"  FAILED: {result['failed']}" if result["failed"] else "")
        )

    def report(self, results, scale, seeding, server, duration, options) -> str:
        info = load.machine()
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg = cursor.fetchone()[0]
        lines = [
            f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `manage.py benchmark_pages"
            f"{' --quick' if options['quick'] else ''}` on {info['cpus']} CPUs ({info['cpu']}), "
            f"{info['ram_gib']} GiB RAM, PostgreSQL {pg} on the same host; git {self.git()}.",
            f"Scale `{scale.name}`: "
            + ", ".join(f"{k} {v:,}" for k, v in dataclasses.asdict(scale).items() if k != "name")
            + f"; {seeding.rstrip('.')}.",
            f"Served by `{server.command}` (the Procfile's web line; production settings, "
            f"DEBUG off, Redis cache {options['redis_url']}), "
            f"{getattr(server, 'worker_count', '?')} workers; "
            f"wrk, {options['connections']} connections, {duration} s a page (longer for a slow "
            "page: 20× its in-process time, up to 120 s). Load average (1, 5, 15 min) before "
            "each page is in the last column: other work on the machine shows there.",
            "",
            "| page | as | status | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx | "
            "queries | in-process ms | KiB | worker RSS MiB, before → after | s | load before |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- "
            "| ---: | --- |",
        ]
        for r in results:
            status = "FAILED: " + r["failed"] if r["failed"] else str(r.get("status", ""))
            rss = (
                f"{'/'.join(map(str, r['rss_before']))} → {'/'.join(map(str, r['rss_after']))}"
                if "rss_before" in r
                else ""
            )
            lines.append(
                f"| {r['page']} | {r['role'].replace('_', ' ')} | {status} | {r.get('requests', '')} | "
                f"{r.get('rps', '')} | {r.get('p50_ms', '')} | {r.get('p95_ms', '')} | "
                f"{r.get('p99_ms', '')} | {r.get('non2xx', '')} | {r.get('queries', '')} | "
                f"{round(r['in_process_s'] * 1000) if 'in_process_s' in r else ''} | "
                f"{r.get('kib', '')} | {rss} | {r.get('duration_s', '')} | {r.get('load_before', '')} |"
            )
        return "\n".join(lines) + "\n"

    @staticmethod
    def git():
        try:
            return (
                subprocess.run(  # noqa: S603
                    ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
                    capture_output=True,
                    text=True,
                    cwd=settings.BASE_DIR,
                    timeout=5,
                ).stdout.strip()
                or "?"
            )
        except OSError:
            return "?"
