"""Writes of the notifications app: the outbox, sending and digests (preferences and
unsubscribing: `notifications.services.preferences`).

Exactly once: `notification_send` locks the row (skipping one locked by another worker) and
sends only while it is queued, marking it sent in the same transaction. A task delivered twice,
or re-enqueued by the sweeper while the first still runs, finds the row locked or sent. A worker
killed mid-send rolls the transaction back: the row is still queued and the sweeper enqueues it
again (the Message-ID is the same, so a receiving server can tell a repeat).
"""

import datetime
import logging
import smtplib
import uuid
from collections.abc import Iterable
from typing import Any

from django.core import mail
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kiraad.access import Role
from kiraad.models import Agency, User
from notifications import mailer
from notifications.models import AgencyMailbox, Delivery, Notification, Preference
from notifications.selectors import DigestReader, digest_readers, undeliverable_reason
from notifications.services.preferences import unsubscribe_token

logger = logging.getLogger(__name__)

S = Notification.Status
MAX_ATTEMPTS = 5


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before retry `attempts`: 1, 4, 16, 64 minutes."""
    return datetime.timedelta(minutes=4 ** max(attempts - 1, 0))


# Rows per Celery message: one message per event (a new question to the whole secretariat),
# and the sweeper's backlog spread over the workers in messages of this size.
ENQUEUE_BATCH = 50


def _enqueue(ids: list[int], countdown: int = 0) -> None:
    """Hand rows to the workers, one message per ENQUEUE_BATCH rows. A broker outage is logged,
    not raised: the rows stay queued and the sweeper (every minute) enqueues them again."""
    from notifications import tasks

    for start in range(0, len(ids), ENQUEUE_BATCH):
        batch = ids[start : start + ENQUEUE_BATCH]
        try:
            tasks.send_notifications.apply_async((batch,), countdown=countdown)
        except Exception:
            logger.warning("notifications %s not enqueued (broker down?); the sweeper will", batch)


def _expand(
    recipients: Iterable[Any], kind: str
) -> tuple[list[tuple[User | None, str, str]], dict[int, str]]:
    """(user, address, via) for each person or mailbox the recipients stand for, and the
    deliveries the people chose for `kind` (no entry: immediately). A role or an agency's
    representatives are one query with their preferences."""
    today = timezone.localdate()
    chosen = Subquery(
        Preference.objects.filter(user=OuterRef("pk"), kind=kind).values("delivery")[:1]
    )
    out: list[tuple[User | None, str, str]] = []
    prefs: dict[int, str] = {}
    named: set[int] = set()  # users passed as themselves: their preferences are read after

    def people(users: models.QuerySet[User], via: str) -> None:
        for user in users.annotate(chosen_delivery=chosen).order_by("pk"):
            if user.chosen_delivery:
                prefs[user.pk] = user.chosen_delivery
            out.append((user, user.email, via))

    for recipient in recipients:
        if isinstance(recipient, User):
            out.append((recipient, recipient.email, "user"))
            named.add(recipient.pk)
        elif isinstance(recipient, Agency):
            if recipient.dissolved_on is not None and recipient.dissolved_on <= today:
                continue
            via = f"agency:{recipient.pk}"
            people(
                User.objects.filter(
                    agency=recipient, is_active=True, groups__name=Role.AGENCY_REPRESENTATIVE
                ),
                via,
            )
            mailbox = AgencyMailbox.objects.filter(agency=recipient).first()
            if mailbox is not None:
                out.append((None, mailbox.email, via))
        elif isinstance(recipient, Role | str):
            role = Role(recipient)
            people(User.objects.filter(is_active=True, groups__name=role), f"role:{role}")
        else:
            raise TypeError(f"Cannot notify {recipient!r}")
    if named - prefs.keys():
        prefs.update(
            Preference.objects.filter(user_id__in=named - prefs.keys(), kind=kind).values_list(
                "user_id", "delivery"
            )
        )
    return out, prefs


def outbox_write(
    *,
    kind: str,
    recipients: list[Any],
    subject_object: models.Model | None,
    context: dict[str, str],
    path: str,
    key: str,
) -> int:
    """The writer behind kiraad.notifications.notify: one queued row per recipient, in the
    caller's transaction; the immediate ones are enqueued after it commits, in one message.

    A role's or an agency's people come with their preferences (one query each); a mailbox
    among the recipients reads which mailboxes turned the kind off; the rows are one insert (a
    keyed call, which may repeat an earlier one, then reads which of them are new)."""
    expanded, prefs = _expand(recipients, kind)
    mailboxes_off: set[str] = set()
    if any(user is None for user, _a, _v in expanded):
        mailboxes_off = set(
            AgencyMailbox.objects.filter(kinds_off__contains=[kind]).values_list("email", flat=True)
        )
    base = key or uuid.uuid4().hex
    if subject_object is not None:
        base = f"{base}:{subject_object._meta.label_lower}:{subject_object.pk}"
    rows, seen = [], set()
    for user, address, via in expanded:
        if not address or (user is not None and not user.is_active):
            continue
        who = f"u{user.pk}" if user is not None else f"m{address.lower()}"
        if who in seen:
            continue
        seen.add(who)
        delivery = prefs.get(user.pk, Delivery.IMMEDIATE) if user else Delivery.IMMEDIATE
        if delivery == Delivery.OFF or (user is None and address in mailboxes_off):
            continue
        rows.append(
            Notification(
                kind=kind,
                idempotency_key=f"{base}:{kind}:{who}"[:200],
                user=user,
                email=address,
                via=via,
                delivery=delivery,
                context=context,
                path=path,
                subject_label=subject_object._meta.label_lower if subject_object else "",
                subject_pk=subject_object.pk if subject_object else None,
            )
        )
    if key:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        immediate = list(
            Notification.objects.filter(
                idempotency_key__in=[
                    row.idempotency_key for row in rows if row.delivery == Delivery.IMMEDIATE
                ],
                status=S.QUEUED,
                attempts=0,
            ).values_list("pk", flat=True)
        )
    else:
        # Keys with a fresh uuid cannot clash: the insert returns the rows' ids.
        Notification.objects.bulk_create(rows)
        immediate = [row.pk for row in rows if row.delivery == Delivery.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: _enqueue(immediate))
    return len(rows)


def _fail(row: Notification, exc: Exception) -> None:
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = S.FAILED
        row.next_attempt_at = None
        logger.error("notification %s to %s failed for good: %s", row.pk, row.email, exc)
    else:
        wait = backoff(row.attempts)
        row.next_attempt_at = timezone.now() + wait
        logger.warning("notification %s failed (attempt %s): %s", row.pk, row.attempts, exc)
        pk, seconds = row.pk, int(wait.total_seconds())
        transaction.on_commit(lambda: _enqueue([pk], countdown=seconds))


def notification_send(*, notification_id: int) -> str:
    """Send one queued immediate notification, at most once. Returns what happened."""
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=notification_id, status=S.QUEUED, delivery=Delivery.IMMEDIATE)
            .first()
        )
        if row is None:
            return "not queued"
        if row.next_attempt_at is not None and row.next_attempt_at > timezone.now():
            return "later"
        reason = undeliverable_reason(row)
        if reason:
            row.status, row.last_error = S.SKIPPED, reason
            row.save(update_fields=["status", "last_error"])
            return "skipped"
        try:
            mailer.build([row], unsubscribe_token=unsubscribe_token(row)).send()
        except (smtplib.SMTPException, OSError) as exc:
            _fail(row, exc)
            row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return "failed"
        row.status, row.sent_at, row.attempts = S.SENT, timezone.now(), row.attempts + 1
        row.save(update_fields=["status", "sent_at", "attempts"])
        return "sent"


def notifications_send(*, notification_ids: list[int]) -> list[str]:
    """Send each of the rows of one message (notification_send, each in its own transaction:
    a row another worker holds or has sent is left alone). A row that fails unexpectedly stays
    queued for the sweeper; the others are still sent."""
    outcomes = []
    for pk in notification_ids:
        try:
            outcomes.append(notification_send(notification_id=pk))
        except Exception:
            logger.exception("notification %s not sent; the sweeper will try again", pk)
            outcomes.append("error")
    return outcomes


def notifications_sweep(*, older_than_seconds: int = 60, limit: int = 500) -> int:
    """Enqueue queued immediate rows whose task was lost (broker down, worker killed) or whose
    retry is due. Run by beat every minute."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(
            status=S.QUEUED,
            delivery=Delivery.IMMEDIATE,
            created_at__lte=now - datetime.timedelta(seconds=older_than_seconds),
        )
        .filter(models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    _enqueue(ids)
    return len(ids)


# People per batch of the digest: their settings are read together (four queries a batch),
# so what was turned off or taken away is at most one batch old when their e-mail leaves.
DIGEST_BATCH = 200


def digests_send() -> int:
    """The 07:00 digest: one e-mail per person with their queued digest rows; none for a person
    with nothing (left) to tell. Returns how many e-mails were sent.

    Each person's rows are locked, sent and marked in a transaction of their own (two queries),
    so a run killed half-way sends no one's digest twice; what the checks need of each person
    (agency, kinds turned off, groups, language) is read per batch of DIGEST_BATCH."""
    user_ids = list(
        Notification.objects.filter(
            status=S.QUEUED, delivery=Delivery.DIGEST, user_id__isnull=False
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    # One SMTP connection for the whole run, not one per person: connecting was most of the
    # time of a digest for 1,000 people. Closed after an error, so the next send reconnects.
    connection = mail.mailers.default
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:  # each send tries again on its own
        logger.warning("digest: SMTP server not reached at the start: %s", exc)
    sent = 0
    try:
        for start in range(0, len(user_ids), DIGEST_BATCH):
            batch = user_ids[start : start + DIGEST_BATCH]
            readers = digest_readers(user_ids=batch)
            sent += sum(
                _digest_send_one(reader=readers[user_id], connection=connection)
                for user_id in batch
                if user_id in readers
            )
    finally:
        connection.close()
    return sent


def _digest_send_one(*, reader: DigestReader, connection: Any = None) -> int:
    user = reader.user
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(user_id=user.pk, status=S.QUEUED, delivery=Delivery.DIGEST)
            .order_by("created_at", "pk")
        )
        keep = []
        for row in rows:
            row.user = user  # read with the batch: no query per row
            reason = undeliverable_reason(row, kinds_off=reader.kinds_off, groups=reader.groups)
            if reason:
                row.status, row.last_error = S.SKIPPED, reason
                row.save(update_fields=["status", "last_error"])
            else:
                keep.append(row)
        if not keep:
            return 0
        message = mailer.build(
            keep,
            unsubscribe_token=unsubscribe_token(keep[0], all_kinds=True),
            language=reader.language,
        )
        try:
            if connection is None:
                message.send()
            else:
                connection.send_messages([message])
        except (smtplib.SMTPException, OSError) as exc:
            if connection is not None:
                connection.close()
            for row in keep:
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = S.FAILED
                row.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("digest for user %s failed: %s", user.pk, exc)
            return 0
        # One UPDATE (bulk_update's CASE per row and field cost more to build than to run).
        Notification.objects.filter(pk__in=[row.pk for row in keep]).update(
            status=S.SENT, sent_at=timezone.now(), attempts=models.F("attempts") + 1
        )
        return 1


def daily_sweeps(*, today: datetime.date | None = None) -> int:
    """Run every app's dated reminders (kiraad.registry.notification_sweeps)."""
    from kiraad import registry

    today = today or timezone.localdate()
    return sum(sweep(today=today) for sweep in registry.notification_sweeps.providers())
