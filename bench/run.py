#!/usr/bin/env python
"""Benchmark the main pages: gunicorn on PostgreSQL, wrk at 16 connections, loopback only.

    DATABASE_URL=postgres://…/kiraad_bench python bench/run.py [--duration 10]

The database must already hold the seed data and `generate_bench_data --scale N`. In the same run
it measures /livez (no database) as the machine's ceiling, then each page, and prints a table of
requests/s, p50/p95/p99 and each page's ratio to the ceiling; the table is also written to
bench/results.md. Needs wrk (apt-get install wrk).
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Several people may bench on one machine: each picks a port and a Redis database of their own.
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BROKER = os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/14")
BASE = f"http://127.0.0.1:{PORT}"


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def session_cookie(username: str) -> str:
    """A logged-in session for `username`, made the way Django's login makes one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from kiraad.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "kiraad.backends.PortalBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["_session_started"] = int(time.time())
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def pages() -> list[tuple[str, str, str]]:
    from django.db.models import Count

    from kiraad.models import Meeting
    from measures.models import Measure

    measure = Measure.objects.filter(title__startswith="[Bench]").order_by("pk").first()
    # The meeting page with the fullest agenda: items, outcomes, actions and their links.
    meeting = Meeting.objects.annotate(n=Count("agenda_items")).order_by("-n", "-starts_at").first()
    return [
        ("ceiling (/livez, no database)", "/livez", ""),
        ("dashboard", "/", "sekretariat"),
        ("measures list", "/measures/", "sekretariat"),
        ("measures list page 150", "/measures/?page=150", "sekretariat"),
        ("measures list, filtered and sorted", "/measures/?priority=2&sort=-due", "sekretariat"),
        ("measures list as an agency representative", "/measures/", "rep-hdir"),
        ("measure detail", f"/measures/{measure.pk}/", "sekretariat"),
        ("guidance queue", "/guidance/", "sekretariat"),
        ("knowledge base", "/kb/", ""),
        ("council page", "/council/", "sekretariat"),
        ("council meeting page", f"/council/meetings/{meeting.pk}/", "sekretariat"),
        ("my tasks (secretariat)", "/tasks/", "sekretariat"),
        # Every signed-in page asks for it after loading (htmx).
        ("my tasks, navigation count (secretariat)", "/tasks/?fragment=count", "sekretariat"),
    ]


def wrk(path: str, cookie: str, duration: int, body: str = "") -> dict:
    args = ["wrk", "-t2", "-c16", f"-d{duration}s", "--timeout", "10s"]
    args += ["-s", str(ROOT / "bench" / "latency.lua")]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    env = {**os.environ, "BENCH_POST_BODY": body} if body else None
    out = subprocess.run(
        [*args, BASE + path], capture_output=True, text=True, check=True, env=env
    ).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("{")))


def public_form_post() -> tuple[str, str]:
    """A CSRF cookie and a valid filled-in public form, as a browser would send it."""
    from urllib.parse import urlencode

    from guidance.models import GuidanceRequest, Phase, RegulatoryArea

    with urllib.request.urlopen(BASE + "/guidance/ask/", timeout=10) as response:
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie")
    csrf_cookie = next(c.split(";")[0] for c in cookies if "csrftoken=" in c)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    area = RegulatoryArea.objects.order_by("order").first()
    body = urlencode({
        "csrfmiddlewaretoken": token,
        "kind": GuidanceRequest.Kind.QUESTION,
        "requester_name": "Benk Testesen",
        "requester_email": "benk@example.org",
        "organisation": "Benk HF",
        "org_kind": GuidanceRequest.OrgKind.HEALTH_TRUST,
        "title": "[Bench] Gjelder MDR for beslutningsstøtten vår?",
        "question": "Vi utvikler en KI-modell for triage. Hvilke regler gjelder? " * 10,
        "phase": Phase.DEVELOPMENT,
        "areas": area.pk,
        "consent": "on",
    })  # fmt: skip
    return csrf_cookie, body


@contextlib.contextmanager
def serve(env: dict, workers: int):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kiraad.project.wsgi", "-b", f"127.0.0.1:{PORT}",
         "-w", str(workers), "--access-logfile", "/dev/null"],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(BASE + "/livez", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: stop it for good
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def measure_public_form(duration: int) -> tuple[str, str, dict]:
    """POSTs of a valid public form; the label says how many requests were stored."""
    from guidance.models import GuidanceRequest

    before = GuidanceRequest.objects.count()
    csrf_cookie, body = public_form_post()
    result = wrk("/guidance/ask/", csrf_cookie, duration, body=body)
    stored = GuidanceRequest.objects.count() - before
    GuidanceRequest.objects.filter(title__startswith="[Bench] Gjelder MDR").delete()
    label = f"public form POST ({stored} of {result['requests']} stored)"
    print(f"{label:44} {result['rps']:8.1f} req/s  p95 {result['p95']:7.1f} ms", flush=True)
    return label, "/guidance/ask/", result


def _scans(node: dict, table: str) -> bool:
    if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") == table:
        return True
    return any(_scans(child, table) for child in node.get("Plans", []))


def query_audit(paths: list[tuple[str, str, str]]) -> list[str]:
    """Each page once in-process with the page cache off: its queries, the slowest, and whether
    any plan reads all status updates (a sequential scan of measures_statusupdate)."""
    import json as _json

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kiraad.models import User

    settings.PAGE_CACHE = False
    settings.ALLOWED_HOSTS = ["testserver"]
    lines = [
        "| page | queries | slowest query ms | scans all status updates |",
        "|---|---|---|---|",
    ]
    for label, path, user in paths[1:]:
        client = Client()
        if user:
            client.force_login(User.objects.get(username=user))
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, secure=True)
        slowest, full_scan = 0.0, False
        with connection.cursor() as cursor:
            for query in ctx.captured_queries:
                sql = query["sql"]
                if not sql.startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = _json.loads(plan) if isinstance(plan, str) else plan
                slowest = max(slowest, plan[0]["Execution Time"])
                full_scan |= _scans(plan[0]["Plan"], "measures_statusupdate")
        lines.append(
            f"| {label} | {len(ctx.captured_queries)} | {slowest:.1f} | "
            f"{'yes' if full_scan else 'no'} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    # Each worker's first requests load templates and catalogues: seconds on a busy machine.
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--only",
        default="",
        help="measure only the ceiling and the pages whose label contains this text; the "
        "table replaces its own section of bench/results.md, the full table stays",
    )
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database with generate_bench_data in it.")
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Required with DEBUG off; no mail is sent (no worker runs).
        "SITE_URL": "http://127.0.0.1",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "kiraad.project.settings",
        "LOG_LEVEL": "WARNING",
        # Production-like: tasks are queued (no worker needs to run) and the page cache and
        # rate limiter use Redis. A database of its own, emptied before and after.
        "CELERY_BROKER_URL": BROKER,
        "REDIS_URL": BROKER,
        # The public form's limiter still runs, but must not turn the measurement into 429s.
        "GUIDANCE_ASK_RATE": "1000000/m",
    }
    subprocess.run(["redis-cli", "-n", BROKER.rsplit("/", 1)[1], "flushdb"], check=True)
    django_setup(env)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env={**os.environ, **env}, check=True,
    )  # fmt: skip
    cookies = {user: session_cookie(user) for user in ("sekretariat", "rep-hdir")} | {"": ""}
    rows = []

    def measure(label: str, path: str, user: str) -> None:
        wrk(path, cookies[user], options.warmup)  # warm up
        result = wrk(path, cookies[user], options.duration)
        rows.append((label, path, result))
        print(f"{label:44} {result['rps']:8.1f} req/s  p95 {result['p95']:7.1f} ms", flush=True)

    chosen = pages()
    if options.only:
        chosen = [chosen[0]] + [page for page in chosen[1:] if options.only in page[0]]
    with serve({**env}, options.workers):
        for label, path, user in chosen:
            measure(label, path, user)
        if not options.only:
            rows.append(measure_public_form(options.duration))
    # The same list with the page cache off: what every request costs when it is rebuilt.
    if not options.only:
        with serve({**env, "PAGE_CACHE": "0"}, options.workers):
            measure("measures list, page cache off", "/measures/", "sekretariat")
            measure("measures list page 150, page cache off", "/measures/?page=150", "sekretariat")
    audit = query_audit(chosen)
    print("\n".join(audit))
    ceiling = rows[0][2]["rps"]
    lines = [
        "| page | path | req/s | p50 ms | p95 ms | p99 ms | share of ceiling | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, path, r in rows:
        lines.append(
            f"| {label} | `{path}` | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['p99']:.1f} | {r['rps'] / ceiling:.2f} | {r['errors'] + r['non2xx']} |"
        )
    table = "\n".join(lines)
    print(table)
    scale = re.sub(r"\D", "", os.environ.get("BENCH_SCALE", "")) or "?"
    header = (
        f"# Benchmark results\n\nScale {scale}; gunicorn with {options.workers} workers on "
        f"PostgreSQL; wrk, 2 threads, 16 connections, {options.duration} s per page, loopback; "
        f"2 cores shared by server, database and load generator.\n\n"
    )
    audit_header = (
        "\n\nQueries per page (one request in-process, page cache off, plans by EXPLAIN ANALYZE):"
        "\n\n"
    )
    results = ROOT / "bench" / "results.md"
    if options.only:
        _replace_section(results, f"## Only «{options.only}»", header, table, audit)
        return
    sections = results.read_text(encoding="utf-8").split("\n## ", 1) if results.exists() else []
    rest = "\n## " + sections[1] if len(sections) > 1 else ""
    results.write_text(
        header + table + audit_header + "\n".join(audit) + "\n" + rest, encoding="utf-8"
    )


def _replace_section(results: Path, title: str, header: str, table: str, audit: list) -> None:
    """Write one partial run as its own `## ` section, keeping the full table and the others."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    setup = header.split("\n\n", 1)[1].strip()
    section = f"{title.removeprefix('## ')}\n\n{setup}\n\n{table}\n\n" + "\n".join(audit) + "\n"
    parts = text.split("\n## ")
    kept = [parts[0]] + [p for p in parts[1:] if not ("## " + p).startswith(title)]
    results.write_text("\n## ".join([*kept, section]).rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
