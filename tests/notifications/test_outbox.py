"""The notification outbox, sent through a real SMTP server (aiosmtpd, tests/notifications/
conftest.py): headers, both parts, links, preferences, retries, edge cases."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kiraad.access import Role
from kiraad.meetings import services as meeting_services
from kiraad.models import Meeting, Membership, Representative
from kiraad.notifications import notify
from notifications import services
from notifications.models import AgencyMailbox, Notification, Preference, UserSettings
from notifications.services import preferences
from tests.factories import BodyFactory, MandateFactory, MeetingFactory

pytestmark = pytest.mark.django_db
S = Notification.Status
LINK = re.compile(r"https://ki-radet\.test/\S*")


@pytest.fixture
def meeting(cast):
    body = BodyFactory(key="ki-radet")
    mandate = MandateFactory(body=body)
    for name in ("hdir_rep", "dmp_rep"):
        membership = Membership.objects.create(mandate=mandate, agency=cast[name].agency)
        Representative.objects.create(membership=membership, user=cast[name])
    return MeetingFactory(body=body, status=Meeting.Status.PLANNED)


def publish(meeting, captured):
    with captured(execute=True):
        meeting_services.meeting_transition(
            meeting=meeting, to=Meeting.Status.AGENDA_PUBLISHED, by=None
        )


def test_agenda_published_reaches_each_representative_in_their_language(
    smtp, cast, meeting, django_capture_on_commit_callbacks
):
    UserSettings.objects.create(user=cast["dmp_rep"], language="en")
    publish(meeting, django_capture_on_commit_callbacks)
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        [cast["hdir_rep"].email, cast["dmp_rep"].email]
    )
    norwegian = smtp.to(cast["hdir_rep"].email)[0]
    english = smtp.to(cast["dmp_rep"].email)[0]
    assert norwegian["Subject"].startswith("Saksliste publisert")
    assert english["Subject"].startswith("Agenda published")
    assert "KI-rådet" in norwegian["From"]
    for message in (norwegian, english):
        link = f"https://ki-radet.test{meeting.get_absolute_url()}"
        assert link in smtp.text(message)
        assert f'href="{link}"' in smtp.html(message)
        unsubscribe = message["List-Unsubscribe"].strip("<>")
        assert unsubscribe.startswith("https://ki-radet.test/unsubscribe/")
        assert unsubscribe in smtp.text(message)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Notification.objects.values_list("status", flat=True)) == {S.SENT}


def test_a_row_is_sent_once_however_often_its_task_runs(
    smtp, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="escalation_new", recipients=[cast["secretariat"]], context={"title": "X"})
    row = Notification.objects.get()
    assert services.notification_send(notification_id=row.pk) == "not queued"
    assert services.notifications_sweep(older_than_seconds=0) == 0
    assert len(smtp.messages) == 1


def test_the_same_key_queues_once(cast):
    for _ in range(3):
        notify(kind="round_reminder", recipients=[cast["hdir_rep"]], context={}, key="round-1:rem")
    assert Notification.objects.count() == 1


def test_a_broker_outage_delays_but_loses_nothing(
    smtp, cast, monkeypatch, django_capture_on_commit_callbacks
):
    from notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.send_notifications, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="escalation_new", recipients=[Role.SECRETARIAT], context={"title": "X"})
    assert Notification.objects.get().status == S.QUEUED
    assert smtp.messages == []
    monkeypatch.undo()
    assert services.notifications_sweep(older_than_seconds=0) == 1
    assert len(smtp.messages) == 1
    assert Notification.objects.get().status == S.SENT


def test_an_smtp_error_is_retried_with_back_off_then_failed_and_shown_to_the_secretariat(
    smtp, cast, client, django_capture_on_commit_callbacks
):
    smtp.refuse = 99
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="escalation_new", recipients=[cast["secretariat"]], context={"title": "X"})
    row = Notification.objects.get()
    assert (row.status, row.attempts) == (S.QUEUED, 1)
    assert "451" in row.last_error
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    # Not before its time, however often the sweeper runs.
    assert services.notification_send(notification_id=row.pk) == "later"
    for attempt in range(2, services.MAX_ATTEMPTS + 1):
        Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        services.notification_send(notification_id=row.pk)
        row.refresh_from_db()
        assert row.attempts == attempt
    assert row.status == S.FAILED
    assert smtp.messages == []
    client.force_login(cast["secretariat"])
    page = client.get(reverse("notifications:failed"))
    assert cast["secretariat"].email in page.text
    client.force_login(cast["hdir_rep"])
    assert client.get(reverse("notifications:failed")).status_code == 403


def test_preferences_off_and_digest(smtp, cast, client, django_capture_on_commit_callbacks):
    user = cast["hdir_rep"]
    client.force_login(user)
    data = {"language": "nb"} | {f"kind_{code}": "immediate" for code in services_kinds()}
    data["kind_escalation_new"] = "off"
    data["kind_request_assigned"] = "digest"
    data["kind_round_reminder"] = "digest"
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="escalation_new", recipients=[user], context={"title": "Off"})
        notify(kind="request_assigned", recipients=[user], context={"title": "A", "agency": "H"})
        notify(kind="round_reminder", recipients=[user], context={"round": "R", "count": "2"})
    assert smtp.messages == []
    assert services.digests_send() == 1
    (digest,) = smtp.messages
    assert "(2)" in digest["Subject"]
    assert "«A»" in smtp.text(digest)
    assert "R" in smtp.text(digest)
    # Nothing left: no empty digest.
    assert services.digests_send() == 0
    assert len(smtp.messages) == 1


def services_kinds():
    from kiraad.notifications import KINDS

    return list(KINDS)


def test_one_click_unsubscribe_without_login(
    smtp, cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="escalation_new", recipients=[cast["secretariat"]], context={"title": "X"})
    url = smtp.messages[0]["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("https://ki-radet.test")
    assert "Stop" in client.get(path).text or client.get(path).status_code == 200
    assert not Preference.objects.exists()  # a GET (a link scanner) changes nothing
    assert client.post(path).status_code == 200
    assert Preference.objects.get(user=cast["secretariat"]).delivery == "off"
    assert client.post(path[:-3] + "xyz/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="escalation_new", recipients=[cast["secretariat"]], context={"title": "Y"})
    assert len(smtp.messages) == 1


def test_edge_cases_are_not_sent(smtp, cast, agencies, django_capture_on_commit_callbacks):
    from kiraad.services import user_set_roles

    no_address, inactive = cast["hdir_rep"], cast["dmp_rep"]
    no_address.email = ""
    no_address.save()
    inactive.is_active = False
    inactive.save()
    notify(kind="agenda_published", recipients=[no_address, inactive], context={})
    assert Notification.objects.count() == 0
    # Access removed after queuing: the row is skipped, nothing is sent.
    with django_capture_on_commit_callbacks(execute=False):
        notify(kind="escalation_new", recipients=[Role.SECRETARIAT], context={"title": "X"})
    user_set_roles(
        user=cast["secretariat"], agency=agencies["HDIR"], roles=set(), by=None, reason="t"
    )
    services.notifications_sweep(older_than_seconds=0)
    assert Notification.objects.get().status == S.SKIPPED
    # A dissolved agency is not notified.
    dmp = agencies["DMP"]
    dmp.dissolved_on = timezone.localdate()
    dmp.save()
    assert notify(kind="request_assigned", recipients=[dmp], context={}) == 0
    assert smtp.messages == []


def test_an_agency_mailbox_gets_the_agency_notifications(
    smtp, cast, agencies, django_capture_on_commit_callbacks
):
    AgencyMailbox.objects.create(agency=agencies["HDIR"], email="post@hdir.test")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            kind="request_assigned",
            recipients=[agencies["HDIR"]],
            context={"title": "T", "agency": "Helsedirektoratet"},
            path="/guidance/1/",
        )
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        ["post@hdir.test", cast["hdir_rep"].email]
    )
    # The mailbox unsubscribes without an account.
    url = smtp.to("post@hdir.test")[0]["List-Unsubscribe"].strip("<>")
    preferences.unsubscribe(token=url.rstrip("/").rsplit("/", 1)[1])
    assert AgencyMailbox.objects.get().kinds_off == ["request_assigned"]


def test_the_digest_reads_everyone_per_batch_and_each_person_in_two_queries(
    smtp, cast, django_capture_on_commit_callbacks
):
    """The 07:00 digest for 1,000 people must finish within a minute: what the checks need of
    each person (agency, kinds off, groups, language) is read for all of them at once, and
    each person costs the lock of their rows and the mark as sent, whatever they have."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kiraad.notifications import KINDS

    people = [cast["hdir_rep"], cast["dmp_rep"], cast["secretariat"]]
    for user in people:
        preferences.preferences_set(user=user, deliveries=dict.fromkeys(KINDS, "digest"))
    preferences.preferences_set(user=cast["dmp_rep"], deliveries={}, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        for user in people:
            notify(kind="request_assigned", recipients=[user], context={"title": "A"})
            notify(kind="round_reminder", recipients=[user], context={"round": "R"})
    # Turned off after it was queued: left out of that person's digest.
    preferences.preferences_set(user=cast["hdir_rep"], deliveries={"round_reminder": "off"})
    with CaptureQueriesContext(connection) as queries:
        assert services.digests_send() == 3
    # Who has digests; the batch's people, kinds off, groups, languages; per person a savepoint,
    # the lock of their rows, the mark as sent and the savepoint's release (the test's
    # transaction turns each person's transaction into a savepoint); and the row left out.
    assert len(queries) == 1 + 4 + 4 * len(people) + 1, "\n".join(q["sql"][:90] for q in queries)
    assert smtp.to(cast["dmp_rep"].email)[0]["Subject"] == "KI-rådet: your daily summary (2)"
    assert "(1)" in smtp.to(cast["hdir_rep"].email)[0]["Subject"]
    assert Notification.objects.filter(status=S.SKIPPED).count() == 1
    assert not Notification.objects.filter(status=S.QUEUED).exists()
