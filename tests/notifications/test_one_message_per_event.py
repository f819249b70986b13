"""One Celery message per event (issue 15): a new public question reaches every member of the
secretariat through one message, each person's preference still decides how, and a row that
fails does not hold back the others."""

import pytest

from kiraad.access import Role
from kiraad.notifications import notify
from kiraad.services import user_set_roles
from notifications import services, tasks
from notifications.models import Delivery, Notification, Preference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Notification.Status


@pytest.fixture
def secretariat(cast, agencies):
    more = [
        user_set_roles(
            user=UserFactory(username=name),
            agency=agencies["HDIR"],
            roles={Role.SECRETARIAT},
            by=None,
            reason="test",
        )
        for name in ("sekretariat-2", "sekretariat-3", "sekretariat-4")
    ]
    return [cast["secretariat"], *more]


def test_a_question_to_the_secretariat_is_one_message_and_each_persons_choice(
    smtp, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    first, digest, off, immediate = secretariat
    Preference.objects.create(user=digest, kind="question_received", delivery=Delivery.DIGEST)
    Preference.objects.create(user=off, kind="question_received", delivery=Delivery.OFF)
    # Another kind's choice does not count for this one.
    Preference.objects.create(user=immediate, kind="escalation_new", delivery=Delivery.OFF)
    sent = []
    original = tasks.send_notifications.apply_async
    monkeypatch.setattr(
        tasks.send_notifications,
        "apply_async",
        lambda args, **kw: sent.append(args) or original(args, **kw),
    )
    with django_capture_on_commit_callbacks(execute=True):
        written = notify(
            kind="question_received", recipients=[Role.SECRETARIAT], context={"title": "VL-1"}
        )
    assert written == 3
    rows = {row.user: row for row in Notification.objects.all()}
    assert set(rows) == {first, digest, immediate}
    assert rows[digest].delivery == Delivery.DIGEST
    immediate_ids = sorted(rows[user].pk for user in (first, immediate))
    assert [sorted(ids) for (ids,) in sent] == [immediate_ids]
    assert sorted(m["To"] for m in smtp.messages) == sorted([first.email, immediate.email])
    assert all(rows[digest].pk not in ids for (ids,) in sent)
    assert services.digests_send() == 1
    assert smtp.messages[-1]["To"] == digest.email


def test_a_role_and_a_named_person_are_one_row_with_their_choice(secretariat):
    person = secretariat[1]
    Preference.objects.create(user=person, kind="question_received", delivery=Delivery.DIGEST)
    notify(kind="question_received", recipients=[person, Role.SECRETARIAT], context={"title": "X"})
    assert Notification.objects.filter(user=person).get().delivery == Delivery.DIGEST
    assert Notification.objects.count() == 4
    # Named alone, their choice is read too.
    notify(kind="question_received", recipients=[person], context={"title": "Y"})
    assert Notification.objects.filter(user=person, delivery=Delivery.DIGEST).count() == 2


def test_a_row_that_fails_does_not_hold_back_the_others(smtp, secretariat, monkeypatch):
    notify(kind="question_received", recipients=[Role.SECRETARIAT], context={"title": "VL-2"})
    ids = sorted(Notification.objects.values_list("pk", flat=True))
    real = services.notification_send

    def broken_for_one(*, notification_id):
        if notification_id == ids[1]:
            raise RuntimeError("template broke")
        return real(notification_id=notification_id)

    monkeypatch.setattr(services, "notification_send", broken_for_one)
    assert tasks.send_notifications(ids) == ["sent", "error", "sent", "sent"]
    assert Notification.objects.get(pk=ids[1]).status == S.QUEUED  # the sweeper's
    monkeypatch.undo()
    assert services.notifications_sweep(older_than_seconds=0) == 1
    assert len(smtp.messages) == 4
    # A message delivered again sends nothing twice.
    assert tasks.send_notifications(ids) == ["not queued"] * 4
    assert len(smtp.messages) == 4


def test_the_sweepers_backlog_goes_out_in_messages_of_a_batch(secretariat, monkeypatch):
    sent = []
    monkeypatch.setattr(
        tasks.send_notifications, "apply_async", lambda args, **kw: sent.append(args)
    )
    monkeypatch.setattr(services, "ENQUEUE_BATCH", 3)
    for n in range(2):
        notify(kind="question_received", recipients=[Role.SECRETARIAT], context={"title": f"{n}"})
    assert services.notifications_sweep(older_than_seconds=0) == 8
    assert [len(ids) for (ids,) in sent] == [3, 3, 2]
