#!/usr/bin/env python
"""Benchmark the main pages: gunicorn on PostgreSQL, wrk at 16 connections, loopback only.

    DATABASE_URL=postgres://…/kiraad_bench python bench/run.py [--duration 10]

The database must already hold the seed data and `generate_bench_data --scale N`. In the same run
it measures /livez (no database) as the machine's ceiling, then each page, and prints a table of
requests/s, p50/p95/p99 and each page's ratio to the ceiling; the table is also written to
bench/results.md. Needs wrk (apt-get install wrk).
"""

import argparse
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
PORT = 8765
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
    from measures.models import Measure

    measure = Measure.objects.filter(title__startswith="[Bench]").order_by("pk").first()
    return [
        ("ceiling (/livez, no database)", "/livez", ""),
        ("dashboard", "/", "sekretariat"),
        ("measures list", "/measures/", "sekretariat"),
        ("measures list page 150", "/measures/?page=150", "sekretariat"),
        ("measure detail", f"/measures/{measure.pk}/", "sekretariat"),
        ("guidance queue", "/guidance/", "sekretariat"),
        ("knowledge base", "/kb/", ""),
        ("council page", "/council/", "sekretariat"),
    ]


def wrk(path: str, cookie: str, duration: int) -> dict:
    args = ["wrk", "-t2", "-c16", f"-d{duration}s", "--timeout", "10s"]
    args += ["-s", str(ROOT / "bench" / "latency.lua")]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*args, BASE + path], capture_output=True, text=True, check=True).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("{")))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database with generate_bench_data in it.")
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "kiraad.settings",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
    }
    django_setup(env)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env={**os.environ, **env}, check=True,
    )  # fmt: skip
    cookies = {"sekretariat": session_cookie("sekretariat"), "": ""}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kiraad.wsgi", "-b", f"127.0.0.1:{PORT}",
         "-w", str(options.workers), "--access-logfile", "/dev/null"],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(BASE + "/livez", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        rows = []
        for label, path, user in pages():
            wrk(path, cookies[user], 2)  # warm up
            result = wrk(path, cookies[user], options.duration)
            rows.append((label, path, result))
            print(f"{label:34} {result['rps']:8.1f} req/s  p95 {result['p95']:7.1f} ms", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
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
    (ROOT / "bench" / "results.md").write_text(header + table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
