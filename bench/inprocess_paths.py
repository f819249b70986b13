#!/usr/bin/env python
"""What a page costs in-process: Django test client, DEBUG off, CPU by time.process_time.

    DATABASE_URL=postgres://…/kiraad_bench REDIS_URL=redis://127.0.0.1:6379/N \\
        python bench/inprocess_paths.py [--n 20] [--profile PATH] USER PATH [USER PATH …]

Each page is fetched twice (warm caches, a page-cache entry), its queries are counted once,
then it is fetched N times in each of three rounds; the median round's CPU per request is
printed. Unlike wrk's latencies this hardly moves with the machine's load, so it compares code
on a shared machine (bench/results.md). bench/inprocess.py does the same for a fixed list of
pages by name. --profile writes a cProfile of N more requests.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    """Django as production runs it (DEBUG off), with what its settings require set to
    harmless values; bench/inprocess_ask.py uses it too."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiraad.project.settings")
    os.environ.setdefault("SITE_URL", "https://ki-radet.test")
    os.environ.setdefault("EMAIL_URL", "smtp://mail.invalid:25")
    os.environ.setdefault("SECRET_KEY", "bench-inprocess")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--profile", default="")
    parser.add_argument("pages", nargs="+", help="pairs of user name and path")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from kiraad.models import User

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    for username, path in zip(args.pages[::2], args.pages[1::2], strict=True):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for _ in range(2):
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path}: {response.status_code}")
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        rounds = []
        for _ in range(3):
            start = time.process_time()
            for _ in range(args.n):
                client.get(path)
            rounds.append((time.process_time() - start) / args.n * 1000)
        shown = ", ".join(f"{r:.1f}" for r in rounds)
        print(
            f"{username:12} {path:40} {len(queries):3} queries "
            f"{statistics.median(rounds):6.1f} ms CPU (rounds {shown}) "
            f"{len(response.content)} bytes"
        )
        if args.profile:
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(args.n):
                client.get(path)
            profiler.disable()
            profiler.dump_stats(args.profile)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
