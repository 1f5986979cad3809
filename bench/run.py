#!/usr/bin/env python3
"""Glas under load, on loopback, in one command: see bench/README.md.

    python3 bench/run.py                          # SQLite, Madrid size (seeded once, then reused)
    python3 bench/run.py --db both --scale 0.02 --duration 5     # a quick look at both databases

For each database: seeds (or reuses) the Madrid-sized dataset of `flask seed-scale` and the
demo dataset of `flask seed-demo`; runs a "hello world" Flask app under gunicorn.conf.py as
the ceiling; runs Glas under the same file with the production configuration; drives both
with wrk at each connection count; then the logged-in support/withdraw POSTs, the support
burst with its checks in the database, and the report exports. Prints a table and writes
bench/results/<db>-<timestamp>.json and .md (and latest-<db>.md).

Only the standard library is needed here; the app's own work (choosing the pages, signing
the sessions, checking the counts) runs in bench/dbtasks.py under .venv's Python.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
RESULTS = BENCH / "results"
LUA = BENCH / "lua"
VENV_BIN = ROOT / ".venv" / "bin"
PY = VENV_BIN / "python"
REDIS_DEFAULT = "redis://127.0.0.1:6379"
POSTGRES_DEFAULT = "postgresql://postgres@127.0.0.1:5432"

# Targets from issue 6, on a 2-core machine: reported, never asserted.
TARGET_READ_RATIO = 0.25
TARGET_READ_P95_MS = 50
TARGET_SCALE_P95_RATIO = 1.5
TARGET_SUPPORT_RATIO = 0.20
TARGET_CSV_S, TARGET_XLSX_S, TARGET_EXPORT_MB = 2, 10, 200
# Pages measured with the anonymous page cache off (GLAS_PAGE_CACHE_SECONDS=0) carry this.
UNCACHED = " · no page cache"


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def run(args, env=None, capture=False, check=True, timeout=None) -> subprocess.CompletedProcess:
    args = [str(a) for a in args]
    result = subprocess.run(  # noqa: S603 (our own commands)
        args,
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=capture,
        timeout=timeout,
    )
    if check and result.returncode:
        if capture:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"failed ({result.returncode}): {shlex.join(args)}")
    return result


def last_json(text: str, marker: str | None = None):
    for line in reversed(text.splitlines()):
        if marker:
            if line.startswith(marker):
                return json.loads(line[len(marker) :])
        elif line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON in the output:\n" + text[-2000:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


# -- databases ------------------------------------------------------------------------------------
class Database:
    """One dataset's database: a file in bench/data/ or a database on the PostgreSQL server."""

    def __init__(self, backend: str, name: str, postgres_url: str):
        self.backend, self.name = backend, name
        if backend == "sqlite":
            self.path = DATA / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.dbname = "glas_bench_" + re.sub(r"\W", "_", name)
            self.server = postgres_url.rstrip("/")
            self.url = f"{self.server}/{self.dbname}"
        self.stamp = DATA / f"{backend}-{name}.json"

    def _admin(self, sql: str) -> str:
        code = (
            "import sys, psycopg\n"
            "with psycopg.connect(sys.argv[1], autocommit=True) as c:\n"
            "    rows = c.execute(sys.argv[2]).fetchall() if sys.argv[2].startswith('SELECT') "
            "else c.execute(sys.argv[2])\n"
            "    print(rows if sys.argv[2].startswith('SELECT') else '')\n"
        )
        return run([PY, "-c", code, f"{self.server}/postgres", sql], capture=True).stdout

    def exists(self) -> bool:
        if self.backend == "sqlite":
            return self.path.exists()
        query = f"SELECT 1 FROM pg_database WHERE datname = '{self.dbname}'"  # noqa: S608 (\w only)
        return "1" in self._admin(query)

    def recreate(self) -> None:
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        self._admin(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.dbname}"')

    def version(self) -> str:
        if self.backend == "sqlite":
            code = "import sqlite3; print('SQLite', sqlite3.sqlite_version)"
            return run([PY, "-c", code], capture=True).stdout.strip()
        out = self._admin("SELECT version()")
        return re.sub(r"^\[\('|',\)\]$", "", out.strip())


# -- the app's environment and servers ---------------------------------------------------------
class Environment:
    def __init__(self, options, run_id: str, secret: str):
        self.options, self.run_id, self.secret = options, run_id, secret

    def for_db(self, database: Database, label: str) -> dict:
        env = dict(os.environ)
        env.update(
            {
                "GLAS_CONFIG": "production",
                "FLASK_APP": "wsgi.py",
                "SECRET_KEY": self.secret,
                "DATABASE_URL": database.url,
                "GLAS_INSTANCE_DIR": str(DATA / "instance"),
                "GLAS_UPLOAD_FOLDER": str(DATA / "uploads" / f"{database.backend}-{database.name}"),
                "GLAS_MAIL_FOLDER": str(DATA / "mail"),
                "GLAS_RATELIMIT_STORAGE_URI": self.options.redis_url,
                # A fresh prefix: no counter of an earlier run (or of another dataset) applies.
                "GLAS_RATELIMIT_KEY_PREFIX": f"glas-bench-{self.run_id}-{label}",
                # The same for the cache (Redis in production): a page kept for one dataset
                # must never be served for another.
                "GLAS_CACHE_KEY_PREFIX": f"glas-bench-{self.run_id}-{label}:",
                "GLAS_BENCH_LUA": str(LUA),
            }
        )
        if self.options.workers:
            env["GLAS_WORKERS"] = str(self.options.workers)
        if self.options.gunicorn_threads:
            env["GLAS_THREADS"] = str(self.options.gunicorn_threads)
        env.pop("FLASK_DEBUG", None)
        return env


class Server:
    """gunicorn -c gunicorn.conf.py APP on a free loopback port, its output in a log file."""

    def __init__(self, app: str, env: dict, label: str, extra=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(env, GLAS_BIND=f"127.0.0.1:{self.port}")
        (DATA / "logs").mkdir(parents=True, exist_ok=True)
        self.log_path = DATA / "logs" / f"{label}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (our own command)
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", *extra, app],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log_path}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer /healthz; see {self.log_path}")

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"User-Agent": "glas-bench"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


# -- wrk -------------------------------------------------------------------------------------
def wrk(url: str, connections: int, options, script: str, args=(), duration=None) -> dict:
    threads = min(options.threads, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration or options.duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        LUA / script,
        url,
    ]
    if args:
        command += ["--", *args]
    env = dict(os.environ, GLAS_BENCH_LUA=str(LUA))
    result = run(command, env=env, capture=True)
    return summarise(last_json(result.stdout, "GLAS_BENCH_JSON "), result.stdout)


def warm_up(url: str, options) -> None:
    """Load once, unmeasured: every worker compiles its templates and fills its pools first."""
    if options.warmup > 0:
        wrk(url, 8, options, "page.lua", duration=options.warmup)


def summarise(raw: dict, text: str) -> dict:
    seconds = raw["duration_us"] / 1e6
    latency = raw["latency"]
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round((latency["p50"] or 0) / 1000, 1),
        "p95_ms": round((latency["p95"] or 0) / 1000, 1),
        "p99_ms": round((latency["p99"] or 0) / 1000, 1),
        "max_ms": round((latency["max"] or 0) / 1000, 1),
        "socket_errors": sum(errors[k] for k in ("connect", "read", "write", "timeout")),
        "status_errors": errors["status"],  # responses >= 400
        "extra": raw.get("extra") or {},
    }


def posts_in_log(path: Path, offset: int) -> int:
    with path.open("rb") as log_file:
        log_file.seek(offset)
        return len(re.findall(rb'"POST /proposals/\d+/support ', log_file.read()))


def burst(server: Server, options, burst_file: str, cookie: str, pairs: int) -> dict:
    """The support burst: wrk until every pair is answered.

    The Lua script writes a file per thread once all its POSTs are answered. A request that
    wrk loses with its connection (gunicorn recycles a worker every GLAS_MAX_REQUESTS
    requests and drops its idle keep-alive connections) is never answered: then the count
    of support POSTs in the server's access log, or its standing still, ends the burst.
    """
    threads = min(options.threads, options.burst_connections)
    prefix = DATA / f"burst-done-{os.getpid()}"
    for old in DATA.glob(prefix.name + ".*"):
        old.unlink()
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{options.burst_connections}",
        "-d3600s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(LUA / "support_burst.lua"),
        server.url,
        "--",
        burst_file,
        cookie,
        str(threads),
        str(prefix),
    ]
    env = dict(os.environ, GLAS_BENCH_LUA=str(LUA))
    server.log.flush()
    log_offset = server.log_path.stat().st_size
    began = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 (our own command)
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    limit = began + options.burst_timeout
    finished, seen, moved = None, 0, began
    while time.monotonic() < limit and process.poll() is None:
        time.sleep(0.02)
        if len(list(DATA.glob(prefix.name + ".*"))) == threads:
            finished = time.monotonic()
            break
        now = time.monotonic()
        if now - moved > 0.5:
            count = posts_in_log(server.log_path, log_offset)
            if count != seen:
                seen, moved = count, now
            elif seen >= pairs or now - moved > 15:
                finished = moved  # the last support the server logged
                break
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # wrk reports what it has and exits
    out, err = process.communicate(timeout=60)
    for old in DATA.glob(prefix.name + ".*"):
        old.unlink()
    result = summarise(last_json(out, "GLAS_BENCH_JSON "), out)
    seconds = (finished or time.monotonic()) - began
    extra = result["extra"]
    result.update(
        {
            "pairs": pairs,
            "all_answered": len(list(DATA.glob(prefix.name + ".*"))) == threads,
            "server_posts": posts_in_log(server.log_path, log_offset),
            "seconds": round(seconds, 2),
            "supports_per_s": round(extra.get("support_ok", 0) / seconds, 1),
        }
    )
    return result


# -- datasets -----------------------------------------------------------------------------------
def dataset_options(kind: str, options) -> dict:
    if kind == "demo":
        return {"command": "seed-demo"}
    return {"command": "seed-scale", "scale": options.scale, "args": options.seed_args}


def dataset_name(kind: str, options) -> str:
    if kind == "demo":
        return "demo"
    name = "scale" if options.scale == 1 else f"scale-{options.scale:g}"
    if options.seed_args:
        name += "-" + hashlib.sha256(options.seed_args.encode()).hexdigest()[:6]
    return name


def prepare(kind: str, database: Database, env: dict, options) -> dict:
    """Seed the dataset unless the same one is there already (its stamp says how it was made)."""
    wanted = dataset_options(kind, options)
    stamp = json.loads(database.stamp.read_text()) if database.stamp.exists() else None
    if (
        not options.reseed
        and stamp
        and stamp.get("options") == wanted
        and stamp.get("complete")
        and database.exists()
    ):
        log(f"{database.backend} {database.name}: reusing the dataset seeded {stamp['seeded_at']}")
        run([VENV_BIN / "flask", "db", "upgrade"], env=env, capture=True)
        return stamp
    log(f"{database.backend} {database.name}: seeding ({wanted['command']})")
    database.stamp.unlink(missing_ok=True)
    database.recreate()
    began = time.monotonic()
    run([VENV_BIN / "flask", "db", "upgrade"], env=env, capture=True)
    command = [VENV_BIN / "flask", wanted["command"]]
    if kind == "scale":
        command += ["--scale", str(options.scale), *shlex.split(options.seed_args)]
    run(command, env=env)
    stamp = {
        "options": wanted,
        "url": database.url,
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed_seconds": round(time.monotonic() - began, 1),
        "complete": True,
    }
    database.stamp.write_text(json.dumps(stamp, indent=1))
    return stamp


def pages(targets: dict) -> list[tuple[str, str]]:
    p = targets["pages"]
    consultation = f"/consultations/{p['consultation_id']}"
    return [
        ("home", "/"),
        ("consultation list", "/consultations/"),
        ("consultation detail", consultation),
        ("consultation deep page", f"{consultation}?after={p['deep_after']}"),
        ("proposals by supports", "/proposals/?sort=supported"),
        ("proposal detail", f"/proposals/{p['proposal_id']}"),
        ("search", f"/search?q={quote(p['search_word'])}"),
        ("API proposals", "/api/v1/proposals"),
        ("API comments", "/api/v1/comments"),
    ]


def measure_pages(
    server: Server, targets: dict, options, notes: list, cache: str = "on"
) -> list[dict]:
    rows = []
    for name, path in pages(targets):
        if cache == "off":
            name += UNCACHED
        status, body = get(server.url + path)
        if status != 200:
            notes.append(f"{name} ({path}) answered {status} before the load: measured anyway")
        if name.startswith("consultation deep page") and status == 200:
            after = targets["pages"]["deep_after"]
            shown = [int(i) for i in re.findall(r'id="comment-(\d+)"', body)]
            if shown and min(shown) <= after:
                notes.append(
                    f"{path}: the page still starts at comment {min(shown)} (not after "
                    f"{after}): `after` looks ignored, so this measured the first page"
                )
        warm_up(server.url + path, options)
        for connections in options.connections:
            result = wrk(server.url + path, connections, options, "page.lua")
            result.update(
                {"page": name, "path": path, "connections": connections, "page_cache": cache}
            )
            rows.append(result)
            log(
                f"  {name:<24} c={connections:<3} {result['rps']:>8.1f} req/s  "
                f"p95 {result['p95_ms']:>7.1f} ms  errors {errors_of(result)}"
            )
    return rows


def errors_of(result: dict) -> int:
    extra_errors = result["extra"].get("errors", 0)
    return result["socket_errors"] + max(result["status_errors"], extra_errors)


def dbtask(task: str, state: Path, env: dict, *extra) -> dict:
    out = run([PY, BENCH / "dbtasks.py", task, state, *extra], env=env, capture=True).stdout
    return last_json(out)


def reconcile(env: dict) -> dict:
    result = run([VENV_BIN / "flask", "reconcile-counters"], env=env, capture=True, check=False)
    text = (result.stdout + result.stderr).strip()
    if "No such command" in text:
        return {"available": False}
    return {"available": True, "exit": result.returncode, "output": text[-2000:]}


def measure_supports(server: Server, state: dict, state_path: Path, env, options) -> list[dict]:
    rows = []
    proposals = len(state["proposals"])
    for connections in options.connections:
        threads = min(options.threads, connections)
        if proposals // threads <= connections // threads or not state["cycle_accounts"]:
            rows.append(
                {
                    "page": "support + withdraw POST",
                    "connections": connections,
                    "skipped": f"{proposals} open proposals, {len(state['cycle_accounts'])} "
                    "accounts: too few for one proposal per connection",
                }
            )
            continue
        before = dbtask("count", state_path, env)
        result = wrk(
            server.url + "/",
            connections,
            options,
            "support_cycle.lua",
            args=(state["cycle_file"], state["cookie_name"], str(threads)),
        )
        time.sleep(1)  # requests cut off by wrk's stop still finish in the server
        after = dbtask("count", state_path, env)
        extra = result["extra"]
        ok_s, ok_w = extra.get("support_ok", 0), extra.get("withdraw_ok", 0)
        in_flight_s = extra.get("support_sent", 0) - ok_s
        in_flight_w = extra.get("withdraw_sent", 0) - ok_w
        delta = after["cycle_rows"] - before["cycle_rows"]
        # Every support answered 302 added a row, every withdraw removed one; requests still
        # in flight when wrk stopped may have done either.
        low, high = ok_s - ok_w - max(in_flight_w, 0), ok_s - ok_w + max(in_flight_s, 0)
        result.update(
            {
                "page": "support + withdraw POST",
                "path": "/proposals/<id>/support|withdraw",
                "connections": connections,
                "rows_added": delta,
                "rows_expected": [low, high],
                "counts_consistent": low <= delta <= high and not after["drift"],
                "counter_drift": after["drift"],
            }
        )
        rows.append(result)
        log(
            f"  {'support + withdraw POST':<24} c={connections:<3} {result['rps']:>8.1f} req/s  "
            f"p95 {result['p95_ms']:>7.1f} ms  errors {errors_of(result)}  "
            f"rows +{delta} (expected {low}..{high}), drift {len(after['drift'])}"
        )
    return rows


def measure_burst(server: Server, state: dict, state_path: Path, env, options) -> dict:
    before = dbtask("count", state_path, env)
    result = burst(server, options, state["burst_file"], state["cookie_name"], state["burst_pairs"])
    time.sleep(1)
    # Pairs whose request wrk lost with a dropped connection are sent once more, as a
    # browser would; a support already counted stays one (the 302 says "already").
    missing = dbtask("burst-missing", state_path, env)
    resent = None
    if missing["missing"]:
        resent = burst(server, options, missing["file"], state["cookie_name"], missing["missing"])
        time.sleep(1)
    after = dbtask("count", state_path, env)
    extra = result["extra"]
    added = after["burst_rows"] - before["burst_rows"]
    non_302 = extra.get("errors", 0) + ((resent or {}).get("extra", {}).get("errors", 0))
    result.update(
        {
            "accounts": len(state["burst_accounts"]),
            "per_account": state["burst_per_account"],
            "connections": options.burst_connections,
            "rows_added": added,
            "lost": max(0, state["burst_pairs"] - added),
            "extra_rows": max(0, added - state["burst_pairs"]),
            "non_302": non_302,
            "socket_errors_total": result["socket_errors"]
            + ((resent or {}).get("socket_errors", 0)),
            "resent": missing["missing"],
            "resend": resent,
            "counter_drift": after["drift"],
        }
    )
    log(
        f"  burst: {result['accounts']} accounts x {result['per_account']} = {result['pairs']} "
        f"supports in {result['seconds']} s ({result['supports_per_s']}/s); rows +{added}, "
        f"resent {result['resent']}, non-302 {non_302}, drift {len(after['drift'])}"
    )
    return result


def measure_exports(database: Database, env: dict, consultation: int) -> dict:
    out_file = DATA / f"export-{database.backend}-{database.name}.json"
    run(
        [
            PY,
            BENCH / "export_report.py",
            "--existing-database-url",
            database.url,
            "--consultation",
            consultation,
            "--formats",
            "csv,xlsx",
            "--no-tracemalloc",
            "--json",
            out_file,
        ],
        env=env,
    )
    return json.loads(out_file.read_text())


# -- one database, end to end -------------------------------------------------------------------
def ceiling(environment: Environment, database: Database, options, label: str) -> dict:
    env = environment.for_db(database, "hello")
    server = Server("hello:app", env, f"{database.backend}-hello", extra=("--pythonpath", BENCH))
    try:
        server.wait_healthy()
        log(f"ceiling ({label}): hello world under gunicorn.conf.py")
        results = {}
        warm_up(server.url + "/", options)
        for connections in options.connections:
            result = wrk(server.url + "/", connections, options, "page.lua")
            results[str(connections)] = result
            log(f"  hello world c={connections:<3} {result['rps']:>8.1f} req/s")
        return results
    finally:
        server.stop()


def bench_dataset(kind, database, environment, options, report, notes) -> None:
    env = environment.for_db(database, kind)
    stamp = prepare(kind, database, env, options)
    state_path = DATA / f"state-{database.backend}-{database.name}.json"
    with_posts = kind == "scale"
    extra = []
    if with_posts:
        burst_accounts = options.burst_accounts
        if burst_accounts is None:
            burst_accounts = max(20, round(4000 * min(options.scale, 1.0)))
        extra = [
            "--cycle-accounts",
            options.cycle_accounts,
            "--burst-accounts",
            0 if options.skip_burst else burst_accounts,
            "--burst-per-account",
            options.burst_per_account,
            "--proposals",
            2 * max(options.connections + [options.burst_connections]),
        ]
    else:
        extra = ["--cycle-accounts", 0, "--burst-accounts", 0, "--proposals", 0]
    log(f"{database.backend} {database.name}: choosing pages and signing sessions")
    dbtask("targets", state_path, env, *map(str, extra))
    state = json.loads(state_path.read_text())
    section = {
        "database": database.backend,
        "name": database.name,
        "dataset": stamp,
        "counts": state["counts"],
        "targets": state["pages"],
    }
    report["datasets"][kind] = section
    section["pages"] = []
    for number, cache in enumerate(options.page_cache):
        # "on": production as configured (anonymous pages shared for PAGE_CACHE_SECONDS);
        # "off": every request renders, as for a logged-in reader or a cache miss.
        label = f"{kind}-cache-{cache}"
        mode_env = environment.for_db(database, label)
        if cache == "off":
            mode_env["GLAS_PAGE_CACHE_SECONDS"] = "0"
        server = Server("wsgi:app", mode_env, f"{database.backend}-{database.name}-{cache}")
        try:
            server.wait_healthy()
            log(f"{database.backend} {database.name}: pages, page cache {cache}")
            section["pages"] += measure_pages(server, state, options, notes, cache)
            if with_posts and number == 0:
                section["supports"] = measure_supports(server, state, state_path, mode_env, options)
                if not options.skip_burst and state["burst_pairs"]:
                    section["burst"] = measure_burst(server, state, state_path, mode_env, options)
            section.setdefault("server_errors", []).extend(server_errors(server))
        finally:
            server.stop()
    if with_posts:
        log("reconcile-counters")
        section["reconcile"] = reconcile(env)
        section["restore"] = dbtask("restore", state_path, env)
        if not options.skip_export:
            log("report exports (bench/export_report.py)")
            section["export"] = measure_exports(database, env, state["pages"]["consultation_id"])


def server_errors(server: Server) -> list[str]:
    """Tracebacks and worker timeouts in gunicorn's log (the first few)."""
    text = server.log_path.read_text(errors="replace")
    found = re.findall(r"^.*(?:Traceback|WORKER TIMEOUT|Error|Exception).*$", text, re.M)
    return found[:10]


def machine(database: Database, env: dict, options) -> dict:
    conf = (
        "import runpy, json; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('workers', 'threads', 'worker_class', "
        "'max_requests', 'keepalive')}))"
    )
    gunicorn = last_json(run([PY, "-c", conf], env=env, capture=True).stdout)
    version = run([VENV_BIN / "gunicorn", "--version"], capture=True).stdout.strip()
    wrk_version = run(["wrk", "-v"], capture=True, check=False).stdout.splitlines()[0]
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = names[0] if names else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text())
        memory = f"{int(found.group(1)) / 2**20:.1f} GiB" if found else ""
    python = run([PY, "-c", "import sys; print(sys.version.split()[0])"], capture=True)
    settings = (
        "import json, config; c = config.ProductionConfig; print(json.dumps({k: getattr(c, k, "
        "None) for k in ('PAGE_CACHE_SECONDS', 'CACHE_TYPE', 'RATELIMIT_SUPPORT', "
        "'SQLALCHEMY_ENGINE_OPTIONS')}))"
    )
    app_settings = last_json(run([PY, "-c", settings], env=env, capture=True).stdout)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": python.stdout.strip(),
        "database": database.version(),
        "gunicorn": {"version": version, **gunicorn},
        "wrk": wrk_version,
        "wrk_threads": options.threads,
        "production_settings": app_settings,
    }


# -- the report ------------------------------------------------------------------------------------
def ceiling_rps(report: dict, connections: int) -> float:
    values = [c[str(connections)]["rps"] for c in report["ceiling"].values() if c]
    return sum(values) / len(values) if values else 0.0


def demo_p95(report: dict, page: str, connections: int):
    for row in report["datasets"].get("demo", {}).get("pages", []):
        if row["page"] == page and row["connections"] == connections:
            return row["p95_ms"]
    return None


def annotate(report: dict) -> None:
    """Ratios to the ceiling and to the demo dataset, and the targets met or missed."""
    checks = []
    for kind, section in report["datasets"].items():
        for row in section.get("pages", []) + section.get("supports", []):
            if "rps" not in row:
                continue
            top = ceiling_rps(report, row["connections"])
            row["ceiling_ratio"] = round(row["rps"] / top, 3) if top else None
            row["errors"] = errors_of(row)
            if kind == "scale" and row in section.get("pages", []):
                demo = demo_p95(report, row["page"], row["connections"])
                row["p95_vs_demo"] = round(row["p95_ms"] / demo, 2) if demo else None
    scale = report["datasets"].get("scale")
    if not scale:
        report["targets"] = checks
        return
    for row in scale.get("pages", []):
        what = f"{row['page']} c={row['connections']}"
        checks.append(
            check(f"{what}: req/s ≥ 25% of ceiling", row["ceiling_ratio"], TARGET_READ_RATIO, ">=")
        )
        if row["connections"] == 16:
            checks.append(check(f"{what}: p95 < 50 ms", row["p95_ms"], TARGET_READ_P95_MS, "<"))
        if row.get("p95_vs_demo") is not None:
            checks.append(
                check(f"{what}: p95 ≤ 1.5 × demo", row["p95_vs_demo"], TARGET_SCALE_P95_RATIO, "<=")
            )
        checks.append(check(f"{what}: no errors", row["errors"], 0, "=="))
    for row in scale.get("supports", []):
        if "rps" not in row:
            continue
        what = f"supports c={row['connections']}"
        checks.append(
            check(
                f"{what}: req/s ≥ 20% of ceiling", row["ceiling_ratio"], TARGET_SUPPORT_RATIO, ">="
            )
        )
        checks.append(check(f"{what}: zero errors", row["errors"], 0, "=="))
        checks.append(check(f"{what}: counts equal", row["counts_consistent"], True, "=="))
    if "burst" in scale:
        b = scale["burst"]
        checks.append(check("burst: lost supports", b["lost"], 0, "=="))
        checks.append(check("burst: double-counted (extra rows)", b["extra_rows"], 0, "=="))
        checks.append(check("burst: counter drift", len(b["counter_drift"]), 0, "=="))
        checks.append(check("burst: non-302 responses", b["non_302"], 0, "=="))
    if scale.get("reconcile", {}).get("available"):
        checks.append(check("flask reconcile-counters exit", scale["reconcile"]["exit"], 0, "=="))
    export = scale.get("export", {}).get("formats", {})
    if "csv" in export:
        checks.append(check("CSV export s", round(export["csv"]["seconds"], 2), TARGET_CSV_S, "<"))
    if "xlsx" in export:
        checks.append(
            check("XLSX export s", round(export["xlsx"]["seconds"], 2), TARGET_XLSX_S, "<")
        )
    for fmt, values in export.items():
        checks.append(
            check(
                f"{fmt.upper()} export peak RSS MiB",
                round(values["rss_peak"], 1),
                TARGET_EXPORT_MB,
                "<",
            )
        )
    report["targets"] = checks


def check(what: str, measured, target, op: str) -> dict:
    if measured is None:
        met = None
    else:
        met = {
            ">=": lambda: measured >= target,
            "<": lambda: measured < target,
            "<=": lambda: measured <= target,
            "==": lambda: measured == target,
        }[op]()
    return {"what": what, "measured": measured, "target": f"{op} {target}", "met": met}


def fmt(value, digits=1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(report: dict) -> list[str]:
    header = (
        "| dataset | page | conns | req/s | p50 ms | p95 ms | p99 ms | errors | × ceiling "
        "| p95 scale/demo |"
    )
    lines = [header, "|" + "---|" * 10]
    for c in report["options"]["connections"]:
        top = ceiling_rps(report, c)
        spread = " / ".join(fmt(v[str(c)]["rps"]) for v in report["ceiling"].values() if v)
        lines.append(f"| – | hello world (ceiling: {spread}) | {c} | {fmt(top)} | | | | | 1.00 | |")
    for kind, section in report["datasets"].items():
        for row in section.get("pages", []) + section.get("supports", []):
            if "rps" not in row:
                lines.append(
                    f"| {kind} | {row['page']} | {row['connections']} | skipped: "
                    f"{row['skipped']} | | | | | | |"
                )
                continue
            lines.append(
                f"| {kind} | {row['page']} | {row['connections']} | {fmt(row['rps'])} "
                f"| {fmt(row['p50_ms'])} | {fmt(row['p95_ms'])} | {fmt(row['p99_ms'])} "
                f"| {row['errors']} | {fmt(row.get('ceiling_ratio'), 2)} "
                f"| {fmt(row.get('p95_vs_demo'), 2)} |"
            )
    return lines


def markdown(report: dict) -> str:
    m = report["machine"]
    g = m["gunicorn"]
    out = [
        f"# Glas load benchmark — {report['database']} — {report['started']}",
        "",
        f"`{report['command']}`",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, load average at start "
        f"{m['load_average_at_start']}, at end {m.get('load_average_at_end')}; {m['os']}; "
        f"Python {m['python']}; {m['database']}; "
        f"{g['version']} ({g['workers']} workers × {g['threads']} threads, {g['worker_class']}); "
        f"{m['wrk']} with {m['wrk_threads']} threads, {report['options']['duration']} s per "
        "measurement, on loopback (wrk shares the CPUs with the server). Production settings: "
        f"`{json.dumps(m.get('production_settings', {}))}`; pages marked “{UNCACHED.strip(' ·')}”"
        " ran with GLAS_PAGE_CACHE_SECONDS=0 (every request renders, as for a logged-in reader "
        "or a cache miss), the others as production runs (anonymous pages shared for "
        "PAGE_CACHE_SECONDS).",
        "",
    ]
    for kind, section in report["datasets"].items():
        counts = ", ".join(f"{v:,} {k}" for k, v in section["counts"].items())
        t = section["targets"]
        out.append(
            f"- **{kind}** ({section['name']}): {counts}. Consultation {t['consultation_id']} "
            f"({t['consultation_comments']:,} approved comments, {t['consultation_top_level']:,} "
            f"top-level; deep page after comment {t['deep_after']}); proposal "
            f"{t['proposal_id']}; search “{t['search_word']}”."
        )
    out += ["", *table(report), ""]
    out.append(
        "Latencies in ms; errors = socket errors + responses ≥ 400 (for the POSTs: any answer "
        "but a 302 to the proposal's page); × ceiling = req/s ÷ hello world's req/s at the same "
        "connections, mean of the ceiling measured before and after Glas."
    )
    scale = report["datasets"].get("scale", {})
    for row in scale.get("supports", []):
        if "rps" in row:
            extra = row["extra"]
            out.append(
                f"- supports c={row['connections']}: {extra.get('support_ok', 0)} supports and "
                f"{extra.get('withdraw_ok', 0)} withdrawals answered 302; support rows +"
                f"{row['rows_added']} (expected "
                f"{row['rows_expected'][0]}..{row['rows_expected'][1]} "
                "with the requests in flight at the stop); counter drift "
                f"{len(row['counter_drift'])}."
            )
    if "burst" in scale:
        b = scale["burst"]
        out.append(
            f"- burst: {b['accounts']:,} accounts × {b['per_account']} proposals = "
            f"{b['pairs']:,} supports at {b['connections']} connections in {b['seconds']} s "
            f"({b['supports_per_s']}/s, p95 {b['p95_ms']} ms incl. fillers); new rows "
            f"{b['rows_added']:,}; lost {b['lost']}; double-counted {b['extra_rows']}; "
            f"non-302 {b['non_302']}; counter drift {len(b['counter_drift'])}; "
            f"{b['resent']} pairs sent again after wrk lost their connection "
            f"({b['socket_errors_total']} socket errors)."
        )
    if "reconcile" in scale:
        r = scale["reconcile"]
        if r.get("available"):
            out.append(
                f"- `flask reconcile-counters`: exit {r['exit']}: "
                + r["output"].replace("\n", "; ")[-300:]
            )
        else:
            out.append("- `flask reconcile-counters` is not there yet: checked by SQL only.")
    export = scale.get("export")
    if export:
        out.append(
            f"- exports of consultation {export['consultation']} "
            f"({export['comments']:,} comments): "
            + "; ".join(
                f"{k.upper()} {v['seconds']:.2f} s, {v['size'] / 1e6:.1f} MB, peak RSS "
                f"{v['rss_peak']:.0f} MiB (+{v['rss_peak'] - v['rss_start']:.0f})"
                for k, v in export["formats"].items()
            )
        )
    if report["targets"]:
        out += [
            "",
            "## Targets (issue 6)",
            "",
            "| target | measured | wanted | met |",
            "|---|---|---|---|",
        ]
        for c in report["targets"]:
            met = {True: "yes", False: "**no**", None: "–"}[c["met"]]
            out.append(f"| {c['what']} | {fmt(c['measured'], 2)} | {c['target']} | {met} |")
    if report["notes"]:
        out += ["", "## Notes", "", *(f"- {n}" for n in report["notes"])]
    return "\n".join(out) + "\n"


def bench_database(backend: str, options, run_id: str) -> Path:
    environment = Environment(options, run_id, secrets.token_urlsafe(48))
    started = datetime.now(UTC)
    report = {
        "database": backend,
        "started": started.isoformat(timespec="seconds"),
        "command": shlex.join(["python3", "bench/run.py", *sys.argv[1:]]),
        "options": {
            "scale": options.scale,
            "seed_args": options.seed_args,
            "duration": options.duration,
            "connections": options.connections,
            "threads": options.threads,
            "warmup": options.warmup,
            "burst_connections": options.burst_connections,
            "datasets": options.datasets,
            "page_cache": options.page_cache,
        },
        "ceiling": {},
        "datasets": {},
        "notes": [],
    }
    databases = {
        kind: Database(backend, dataset_name(kind, options), options.postgres_url)
        for kind in options.datasets
    }
    first = next(iter(databases.values()))
    report["machine"] = machine(first, environment.for_db(first, "info"), options)
    report["ceiling"]["before"] = ceiling(environment, first, options, "before")
    for kind, database in databases.items():
        bench_dataset(kind, database, environment, options, report, report["notes"])
    report["ceiling"]["after"] = ceiling(environment, first, options, "after")
    report["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    for kind, section in report["datasets"].items():
        for line in section.get("server_errors", []):
            report["notes"].append(f"{kind}: gunicorn log: {line.strip()[:200]}")
    annotate(report)
    RESULTS.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    json_path = RESULTS / f"{backend}-{stamp}.json"
    json_path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    text = markdown(report)
    (RESULTS / f"{backend}-{stamp}.md").write_text(text)
    (RESULTS / f"latest-{backend}.md").write_text(text)
    print()
    print(text)
    log(f"written {json_path.relative_to(ROOT)} and .md")
    return json_path


def preflight(options) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    sys.path.insert(0, str(ROOT))
    from tasks import ensure_venv  # the project's own installer: .venv with requirements.txt

    ensure_venv("requirements.txt")
    redis = re.match(r"redis://([^:/]+):?(\d+)?", options.redis_url)
    if not redis or not reachable(redis.group(1), int(redis.group(2) or 6379)):
        raise SystemExit(
            f"Redis is not reachable at {options.redis_url}: the production rate limits keep "
            "their counters there (start it, e.g. `redis-server --save '' --daemonize yes`)"
        )
    if "postgres" in options.db:
        host = re.search(r"@([^:/]+):?(\d+)?", options.postgres_url)
        if not host or not reachable(host.group(1), int(host.group(2) or 5432)):
            raise SystemExit(f"PostgreSQL is not reachable at {options.postgres_url}")
    DATA.mkdir(parents=True, exist_ok=True)


def parse(argv=None):
    parser = argparse.ArgumentParser(
        description="Glas under load on loopback: see bench/README.md.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="passed to `flask seed-scale` (1 = Madrid)"
    )
    parser.add_argument(
        "--seed-args", default="", help='more `flask seed-scale` options, e.g. "--comments 5000"'
    )
    parser.add_argument("--reseed", action="store_true", help="seed again even if reusable")
    parser.add_argument(
        "--datasets", default="scale,demo", help="which datasets: scale, demo or both"
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk measurement")
    parser.add_argument("--connections", default="16,64", help="wrk connection counts")
    parser.add_argument(
        "--warmup", type=int, default=3, help="unmeasured seconds of load before each page"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--page-cache",
        default="on,off",
        help="measure the pages with production's anonymous page cache on, off, or both",
    )
    parser.add_argument("--workers", type=int, help="GLAS_WORKERS (default: gunicorn.conf.py)")
    parser.add_argument("--gunicorn-threads", type=int, help="GLAS_THREADS (default: the conf)")
    parser.add_argument(
        "--cycle-accounts", type=int, default=2000, help="accounts for the support/withdraw phase"
    )
    parser.add_argument(
        "--burst-accounts", type=int, help="burst accounts (default 4000 × scale, at least 20)"
    )
    parser.add_argument("--burst-per-account", type=int, default=10)
    parser.add_argument("--burst-connections", type=int, default=64)
    parser.add_argument("--burst-timeout", type=int, default=1800, help="seconds")
    parser.add_argument("--skip-burst", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--postgres-url", default=POSTGRES_DEFAULT, help="server, no database")
    parser.add_argument("--redis-url", default=REDIS_DEFAULT)
    options = parser.parse_args(argv)
    options.connections = [int(c) for c in options.connections.split(",") if c.strip()]
    options.datasets = [d.strip() for d in options.datasets.split(",") if d.strip()]
    if not set(options.datasets) <= {"scale", "demo"} or not options.datasets:
        parser.error("--datasets: scale, demo or scale,demo")
    options.db = ["sqlite", "postgres"] if options.db == "both" else [options.db]
    options.page_cache = [c.strip() for c in options.page_cache.split(",") if c.strip()]
    if not options.page_cache or not set(options.page_cache) <= {"on", "off"}:
        parser.error("--page-cache: on, off or on,off")
    return options


def main() -> None:
    options = parse()
    preflight(options)
    run_id = secrets.token_hex(4)
    measurements = len(options.connections) * (
        2 * 2
        + 9 * len(options.datasets) * len(options.page_cache)
        + (2 if "scale" in options.datasets else 0)
    )
    log(
        f"run {run_id}: {', '.join(options.db)}; about {measurements * options.duration / 60:.0f}"
        " min of load per database, plus seeding (first time), the burst and the exports"
    )
    for backend in options.db:
        bench_database(backend, options, run_id)


if __name__ == "__main__":
    main()
