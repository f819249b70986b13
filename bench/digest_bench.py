#!/usr/bin/env python
"""Time the 07:00 digest run for N users in a real Celery worker, sending to a real SMTP server.

    DATABASE_URL=postgres://…/kiraad_bench python bench/digest_bench.py [--users 1000]

The database must hold the seed data and `generate_bench_data --scale N`. The script adds N
representatives ("bench-digest-<i>", spread over the agencies) who read every kind in the
digest, queues three notifications for each through the portal's `notify` (as the services do),
starts aiosmtpd on loopback and one Celery worker (solo pool) on its own Redis database, sends the
`send_digests` task and reports the worker's own runtime for it. The users and their
notifications are deleted afterwards. The figure is written to bench/results.md.
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Several people may bench on one machine: each picks a Redis database and an SMTP port.
BROKER = os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/13")
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8025"))
PREFIX = "bench-digest-"


class Sink:
    """Counts what the SMTP server receives."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.count += 1
        return "250 OK"


def setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_users(n: int) -> list:
    from django.contrib.auth.models import Group

    from kiraad.access import Role
    from kiraad.models import Agency, User
    from kiraad.notifications import KINDS
    from notifications.models import Preference

    agencies = list(Agency.objects.filter(dissolved_on__isnull=True).order_by("pk"))
    group = Group.objects.get(name=Role.AGENCY_REPRESENTATIVE)
    users = User.objects.bulk_create(
        User(
            username=f"{PREFIX}{i}",
            email=f"{PREFIX}{i}@example.org",
            agency=agencies[i % len(agencies)],
            is_active=True,
        )
        for i in range(n)
    )
    group.user_set.add(*users)
    Preference.objects.bulk_create(
        Preference(user=user, kind=kind, delivery="digest") for user in users for kind in KINDS
    )
    return users


def queue(users: list) -> int:
    from django.db import transaction

    from kiraad.notifications import notify

    queued = 0
    with transaction.atomic():
        for i, user in enumerate(users):
            for kind, context in (
                ("round_reminder", {"round": "Vår", "due": "15.03.2027", "count": "3"}),
                ("action_due", {"title": f"Oppfølging {i}", "agency": "HDIR", "due": "01.03"}),
                ("agenda_published", {"meeting": "KI-rådet 1/2027", "when": "10.03.2027"}),
            ):
                queued += notify(
                    kind=kind, recipients=[user], context=context, path="/", key=f"bench-{i}"
                )
    return queued


def cleanup() -> None:
    from kiraad.models import User
    from notifications.models import Notification, Preference

    Notification.objects.filter(user__username__startswith=PREFIX).delete()
    Preference.objects.filter(user__username__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=1000)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database with generate_bench_data in it.")
    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://ki-radet.test",
        "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "DJANGO_SETTINGS_MODULE": "kiraad.project.settings",
        "LOG_LEVEL": "INFO",
        "CELERY_BROKER_URL": BROKER,
        "REDIS_URL": BROKER,
    }
    subprocess.run(["redis-cli", "-n", BROKER.rsplit("/", 1)[1], "flushdb"], check=True)
    setup(env)
    from notifications import tasks
    from notifications.models import Notification

    cleanup()
    users = make_users(options.users)
    queued = queue(users)
    log = ROOT / "bench" / ".digest-worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kiraad.project", "worker", "--pool", "solo",
         "-c", "1", "-l", "INFO", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        started = time.monotonic()
        result = tasks.send_digests.apply_async()
        sent = result.get(timeout=600)
        wall = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        controller.stop()
    # The worker's CPU time (its only child process waited for): on a shared machine the wall
    # time says more about the other sessions than about the digest.
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = cpu.ru_utime + cpu.ru_stime
    text = log.read_text(encoding="utf-8")
    match = re.search(r"send_digests\[[^\]]+\] succeeded in ([\d.]+)s", text)
    runtime = float(match.group(1)) if match else wall
    left = Notification.objects.filter(
        user__username__startswith=PREFIX, status=Notification.Status.QUEUED
    ).count()
    cleanup()
    log.unlink()
    line = (
        f"| {time.strftime('%Y-%m-%d %H:%M')} | {options.users} | {queued} | {sent} | "
        f"{sink.count} | {left} | {runtime:.1f} | {cpu_s:.1f} | {os.getloadavg()[0]:.1f} |"
    )
    print(line)
    results = ROOT / "bench" / "results.md"
    title = "## Daily digest in the worker (issue 18)"
    body = (
        f"{title}\n\n`bench/digest_bench.py`: N representatives with every kind in the digest, "
        "three queued notifications each, one `send_digests` task in a Celery worker (solo pool) "
        "sending to aiosmtpd on loopback; the worker's runtime for the task (from its log), "
        "and the worker process's CPU time (it includes the worker's start), and the load.\n\n"
        "| when | users | rows queued | digests sent | received by SMTP | left queued | "
        "worker s | worker CPU s | load |\n|---|---|---|---|---|---|---|---|---|\n"
    )
    text = results.read_text(encoding="utf-8")
    if title in text:  # a new row under the section's table
        head, rest = text.split(title, 1)
        section, *after = rest.split("\n## ", 1)
        section = section.rstrip("\n") + "\n" + line + "\n"
        text = head + title + section + ("\n## " + after[0] if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body + line + "\n"
    results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
