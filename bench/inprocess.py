#!/usr/bin/env python
"""CPU per request in-process: Django's test client, DEBUG off, one request at a time.

    DATABASE_URL=postgres://…/kiraad_bench REDIS_URL=redis://127.0.0.1:6379/N \
        python bench/inprocess.py [--requests 20] [--profile "my tasks (secretariat)"]

For each page: a few warm-up requests, then `time.process_time` over N requests (this
process's CPU: Python, templates, the database driver; not PostgreSQL's own work), the wall
time, the queries of one request and the response size. `--profile NAME` prints cProfile's top
functions for that page instead. Reads only: safe on a copy of the bench database.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (name, path, username); the usernames are the seed's.
PAGES = [
    ("my tasks (secretariat)", "/tasks/", "sekretariat"),
    ("my tasks (representative)", "/tasks/", "rep-hdir"),
    ("my tasks (coordinator)", "/tasks/", "kin"),
    ("nav count (secretariat)", "/tasks/?fragment=count", "sekretariat"),
    ("nav count (representative)", "/tasks/?fragment=count", "rep-hdir"),
    ("dashboard panel (secretariat)", "/tasks/?fragment=panel", "sekretariat"),
    # A small signed-in page: every page also asks for the navigation's count (above).
    ("knowledge base, signed in (representative)", "/kb/", "rep-hdir"),
    ("preferences (representative)", "/account/notifications/", "rep-hdir"),
    ("dashboard (secretariat)", "/", "sekretariat"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--queries", action="store_true", help="print each query's time")
    parser.add_argument("--callers", nargs="*", default=[], help="with --profile: who calls")
    parser.add_argument("--profile", default="", help="profile the page of this name")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiraad.project.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:8025")
    os.environ.setdefault("SITE_URL", "https://ki-radet.test")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from kiraad.models import User

    clients: dict[str, Client] = {}
    print("| page | queries | KB | CPU ms per request | wall ms per request |")
    print("|---|---|---|---|---|")
    for name, path, username in PAGES:
        if options.only not in name or (options.profile and options.profile != name):
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        for _ in range(options.warmup):
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{name}: {response.status_code}")
        queries: list[tuple[float, str]] = []

        def timed(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((time.perf_counter() - started, sql))

        with connection.execute_wrapper(timed):
            response = client.get(path)
        if options.queries:
            for seconds, sql in queries:
                print(f"    {seconds * 1000:7.1f} ms  {sql[:160]}")
        if options.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(options.requests):
                client.get(path)
            profile.disable()
            stats = pstats.Stats(profile).strip_dirs().sort_stats("cumulative")
            stats.print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
            for name in options.callers:
                stats.print_callers(name)
            return
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(options.requests):
            client.get(path)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(
            f"| {name} `{path}` | {len(queries)} | {len(response.content) / 1024:.0f} | "
            f"{cpu * 1000 / options.requests:.1f} | {wall * 1000 / options.requests:.1f} |"
        )


if __name__ == "__main__":
    main()
