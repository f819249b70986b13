#!/usr/bin/env python
"""What the public question form costs in-process: its GET and a valid POST, as a browser sends
them (CSRF checked, the page's form key), Django test client, DEBUG off, CPU by time.process_time.

    DATABASE_URL=postgres://…/kiraad_bench REDIS_URL=redis://127.0.0.1:6379/N \\
        python bench/inprocess_ask.py [--n 20] [--queries] [--profile PATH]

Each pair (GET, then POST of the filled-in form with that page's key and CSRF token) is run
twice to warm up, its queries are counted once (--queries lists them), then N pairs run in each
of three rounds; the median round's CPU per pair is printed, and the POST alone. The requests it
stores are deleted at the end. --profile writes a cProfile of N more pairs.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TITLE = "[Bench] Gjelder MDR for beslutningsstøtten vår?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--queries", action="store_true", help="list the POST's statements")
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    # The limiter still counts every POST, but must not turn the measurement into 429s.
    os.environ["GUIDANCE_ASK_RATE"] = "1000000/m"
    from inprocess_paths import setup_django  # bench/ is on the path: run as a script

    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from guidance.models import GuidanceRequest, Phase, RegulatoryArea

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    area = RegulatoryArea.objects.order_by("order").first()
    fields = {
        "kind": GuidanceRequest.Kind.QUESTION,
        "requester_name": "Benk Testesen",
        "requester_email": "benk@example.org",
        "organisation": "Benk HF",
        "org_kind": GuidanceRequest.OrgKind.HEALTH_TRUST,
        "title": TITLE,
        "question": "Vi utvikler en KI-modell for triage. Hvilke regler gjelder? " * 10,
        "phase": Phase.DEVELOPMENT,
        "areas": area.pk,
        "consent": "on",
    }
    client = Client(enforce_csrf_checks=True)

    def get() -> dict:
        page = client.get("/guidance/ask/")
        if page.status_code != 200:
            sys.exit(f"GET /guidance/ask/: {page.status_code}")
        text = page.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        key = re.search(r'name="form_key" value="([0-9a-f]+)"', text).group(1)
        return fields | {"csrfmiddlewaretoken": token, "form_key": key}

    def post(data: dict) -> None:
        # Form-encoded, as a browser and bench/run.py send it.
        answer = client.post(
            "/guidance/ask/", urlencode(data), content_type="application/x-www-form-urlencoded"
        )
        if answer.status_code != 200 or b"VL-" not in answer.content:
            sys.exit(f"POST /guidance/ask/: {answer.status_code}, no receipt")

    try:
        for _ in range(2):
            post(get())
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        data = get()
        with connection.execute_wrapper(count):
            post(data)
        pairs, posts = [], []
        for _ in range(3):
            spent = 0.0
            start = time.process_time()
            for _ in range(args.n):
                data = get()
                before = time.process_time()
                post(data)
                spent += time.process_time() - before
            pairs.append((time.process_time() - start) / args.n * 1000)
            posts.append(spent / args.n * 1000)
        shown = ", ".join(f"{r:.1f}" for r in posts)
        print(
            f"/guidance/ask/ POST: {len(queries)} queries, {statistics.median(posts):.1f} ms CPU "
            f"(rounds {shown}); GET and POST {statistics.median(pairs):.1f} ms CPU"
        )
        if args.queries:
            for sql in queries:
                print("   ", sql[:160])
        if args.profile:
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(args.n):
                post(get())
            profiler.disable()
            profiler.dump_stats(args.profile)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(70)
    finally:
        from kiraad.models import IdempotencyKey
        from notifications.models import Notification

        stored = GuidanceRequest.objects.filter(title=TITLE)
        Notification.objects.filter(
            subject_label="guidance.guidancerequest",
            subject_pk__in=list(stored.values_list("pk", flat=True)),
        ).delete()
        IdempotencyKey.objects.filter(user=None, scope="guidance-ask").delete()
        stored.delete()


if __name__ == "__main__":
    main()
