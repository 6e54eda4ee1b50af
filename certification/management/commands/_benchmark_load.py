"""The serving and loading half of `manage.py benchmark_pages`: gunicorn started from the
Procfile's `web` line (as the README's production section runs it), Debian's wrk with a Lua
script for the percentiles and the non-2xx answers, worker memory from /proc, and the report."""

import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# wrk: latency percentiles and every answer that is not 2xx (wrk itself counts only >= 400 as
# errors, so a redirect to the sign-in page would look fast), written as one JSON line.
WRK_SCRIPT = r"""
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  last_bad = 0
  sent = 0
  vary = args[1] == "vary-address"
end

function request()
  if vary then
    -- /verify/ is limited per visitor address: many visitors, one look-up each, as behind the
    -- production proxy (PROXY_COUNT=1 reads the address it appends to X-Forwarded-For).
    sent = sent + 1
    local a, b = math.floor(sent / 250) % 250, sent % 250
    wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, a, b)
  end
  return wrk.format()
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    last_bad = status
  end
end

function done(summary, latency, requests)
  local bad, last = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    if t:get("last_bad") ~= 0 then last = t:get("last_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHMARK {"requests": %d, "duration_us": %d, "bytes": %d, "non2xx": %d, ' ..
    '"last_non2xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.0f}\n',
    summary.requests, summary.duration, summary.bytes, bad, last, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def wrk_path() -> str | None:
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_web(base_dir: Path) -> str:
    """The `web:` command of the Procfile: what honcho runs in production."""
    for line in (base_dir / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.split(":", 1)[1].strip()
    raise RuntimeError("The Procfile has no web: line.")


class Server:
    """gunicorn, started from the Procfile's web line with the environment given."""

    def __init__(self, base_dir: Path, env: dict, log_path: Path):
        self.base_dir = base_dir
        self.port = free_port()
        self.env = dict(env, BIND=f"127.0.0.1:{self.port}")
        self.env.pop("GUNICORN_CMD_ARGS", None)  # nothing but the Procfile's own options
        venv_bin = str(Path(os.sys.executable).parent)
        self.env["PATH"] = f"{venv_bin}:{self.env.get('PATH', '')}"
        self.command = procfile_web(base_dir)
        self.log_path = log_path
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        # The Procfile's own line, through a shell as honcho runs it (its ${BIND:-...} defaults).
        self.process = subprocess.Popen(  # noqa: S603
            ["sh", "-c", f"exec {self.command}"],  # noqa: S607
            cwd=self.base_dir,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited ({self.process.returncode}): see {self.log_path}"
                )
            try:
                probe = f"{self.url}/health/web/"  # http://127.0.0.1 only
                with urllib.request.urlopen(probe, timeout=5) as answer:  # noqa: S310
                    if answer.status == 200 and len(self.workers()) >= 1:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(
            f"gunicorn did not answer /health/web/ in {timeout} s: see {self.log_path}"
        )

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)  # gunicorn's graceful stop
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()


def rss_mib(pids) -> list[float]:
    sizes = []
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            pass
    return sizes


def cpu_ticks(pids) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total


def wait_idle(pids, *, timeout=180.0, interval=0.25) -> float:
    """Wait until the workers stop using CPU (requests wrk left in flight at its end are still
    being served): the next page must not be measured beside them. Returns the seconds waited."""
    started = time.monotonic()
    last = cpu_ticks(pids)
    quiet = 0
    while time.monotonic() - started < timeout:
        time.sleep(interval)
        now = cpu_ticks(pids)
        quiet = quiet + 1 if now - last <= 1 else 0  # at most 10 ms of CPU in a quarter second
        last = now
        if quiet >= 2:
            break
    return time.monotonic() - started


def fetch(url, headers, timeout=600) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (our own http:// URL)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


def run_wrk(url, *, headers, duration, connections, vary_address=False) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        wrk_path(),
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={max(duration, 2)}s",
        "-s",
        script.name,
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command += [url]
    if vary_address:
        command += ["--", "vary-address"]
    try:
        done = subprocess.run(  # noqa: S603 (wrk, by its full path)
            command, capture_output=True, text=True, timeout=duration + 120
        )
    finally:
        os.unlink(script.name)
    for line in done.stdout.splitlines():
        if line.startswith("BENCHMARK "):
            result = json.loads(line[len("BENCHMARK ") :])
            result["command"] = " ".join(command[:6] + ["…", url])
            return result
    raise RuntimeError(f"wrk gave no result: {done.stdout}\n{done.stderr}")


def machine() -> dict:
    def read(path):
        try:
            return Path(path).read_text()
        except OSError:
            return ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1]) / 1024 / 1024
            for line in read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    return {"cpus": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem, 1)}


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"
