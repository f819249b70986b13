"""Issue 16, «done means»: the secretariat runs the whole meeting cycle in a real browser over
three KI-rådet meetings planned and held out of order — a move, the approval landing on the
right meeting, minutes approved and then corrected, a cancellation, and an escalation whose
answer starts from the outcome — checking each page and the members' e-mails."""

import datetime

import icalendar
import pytest
import vobject
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from kiraad.meetings import services as svc
from kiraad.models import AgendaItem, Mandate, Meeting, Membership, Representative
from network.models import Escalation
from tests.e2e.htmx_forms import wait_for_form
from tests.factories import BodyFactory
from tests.network.factories import EscalationFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = Meeting.Status


def ago(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def ics(message) -> tuple[icalendar.Calendar, object]:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    content = attachment[1] if isinstance(attachment[1], bytes) else attachment[1].encode()
    return icalendar.Calendar.from_ical(content), vobject.readOne(content.decode())


def approvals_on(meeting: Meeting) -> list[str]:
    return list(
        meeting.agenda_items.filter(approves_minutes_of__isnull=False).values_list(
            "approves_minutes_of__number", flat=True
        )
    )


def test_secretariat_runs_three_meetings_out_of_order(page, live_server, login, cast):
    body = BodyFactory(key="ki-radet", decides=False, active_from=datetime.date(2024, 1, 1))
    mandate = Mandate.objects.create(body=body, key="m", title="Mandat")
    membership = Membership.objects.create(mandate=mandate, agency=cast["dmp_rep"].agency)
    Representative.objects.create(membership=membership, user=cast["dmp_rep"])

    def plan(number: str, days: int) -> Meeting:
        return svc.meeting_plan(
            body=body, number=number, title="", starts_at=ago(days), place="Oslo", by=None
        )

    first = plan("KI-rådet 1/2026", -30)
    second = plan("KI-rådet 2/2026", -20)
    for to in (S.AGENDA_PUBLISHED, S.HELD):
        svc.meeting_transition(meeting=first, to=to, by=None)
    third = plan("KI-rådet 3/2026", -3)  # planned before 2 is held
    svc.meeting_transition(meeting=second, to=S.AGENDA_PUBLISHED, by=None)
    svc.meeting_transition(meeting=third, to=S.AGENDA_PUBLISHED, by=None)
    escalation = EscalationFactory(status=Escalation.Status.ON_AGENDA)
    item = svc.agenda_item_add(meeting=second, kind="rad", title="Eskalering fra KIN", by=None)
    escalation.agenda_item = item
    escalation.save()
    login("sekretariat")
    base = f"{live_server.url}/council/meetings"

    # Move 2 with «Endre møtet»: the members get the .ics with the same UID, SEQUENCE raised.
    mail.outbox.clear()
    page.goto(f"{base}/{second.pk}/")
    page.locator("summary", has_text="Endre møtet").click()  # htmx fetches the form
    wait_for_form(page, page.locator("form[action$='/change/'] [name=place]"))
    moved = timezone.localtime(ago(-15)).replace(hour=10, minute=0)
    page.locator("form[action$='/change/'] [name=starts_at]").fill(moved.strftime("%Y-%m-%dT%H:%M"))
    page.locator("form[action$='/change/'] [name=place]").fill("Trondheim")
    page.locator("form[action$='/change/'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Trondheim")
    (move_mail,) = [m for m in mail.outbox if m.to == [cast["dmp_rep"].email]]
    cal, other = ics(move_mail)
    (event,) = cal.walk("VEVENT")
    assert int(event["sequence"]) >= 1
    assert int(other.vevent.sequence.value) == int(event["sequence"])
    assert "Trondheim" in move_mail.body

    # Hold 2: the approval of its minutes sits on 3, and on no stale meeting.
    page.locator("button[name=to][value=held]").click()
    expect(page.locator("button[name=to][value=held]")).to_have_count(0)
    assert approvals_on(third) == ["KI-rådet 2/2026"]
    assert AgendaItem.objects.filter(approves_minutes_of=second).count() == 1

    # The outcome on the escalation's item is where the answer form starts.
    page.goto(f"{base}/{second.pk}/#item-{item.pk}")
    # Opening «Utfall og oppfølging» fetches the item's forms (htmx) in place of their links.
    page.locator(f"#item-{item.pk} summary", has_text="Utfall og oppfølging").click()
    outcome = page.locator(f"form[action$='/items/{item.pk}/outcome/']")
    wait_for_form(page, outcome.locator("[name=outcome]"))
    outcome.locator("[name=outcome_kind]").select_option("advice")
    outcome.locator("[name=outcome]").fill("Rådet råder HDIR til å lage en veileder.")
    outcome.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Rådet råder HDIR til å lage en veileder.")
    page.goto(f"{live_server.url}/network/escalations/{escalation.pk}/")
    expect(page.locator("#answer-draft-note")).to_be_visible()
    expect(page.locator("[name=response-council_response]")).to_have_value(
        "Rådet råder HDIR til å lage en veileder."
    )

    # Write 2's minutes, hold 3, approve them at 3.
    page.goto(f"{base}/{second.pk}/")
    minutes = page.locator("form[action$='/minutes/']")
    minutes.locator("[name=text]").fill("Referat fra møte 2.")
    minutes.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Referat fra møte 2.")
    page.goto(f"{base}/{third.pk}/")
    page.locator("button[name=to][value=held]").click()
    page.locator("form[action$='/approve-minutes/'] button").click()
    page.goto(f"{base}/{second.pk}/")
    expect(page.locator("main")).to_contain_text("KI-rådet 3/2026")
    second.refresh_from_db()
    assert second.status == S.MINUTES_APPROVED

    # A correction is a new version that goes for approval at the next meeting.
    fourth = plan("KI-rådet 4/2026", 30)
    minutes = page.locator("form[action$='/minutes/']")
    minutes.locator("[name=text]").fill("Referat fra møte 2, rettet.")
    minutes.locator("[name=reason]").fill("Feil navn på etat")
    minutes.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Feil navn på etat")
    # 4 approves 3's minutes (3 is held) and 2's correction.
    assert sorted(approvals_on(fourth)) == ["KI-rådet 2/2026", "KI-rådet 3/2026"]

    # Cancel an extra meeting with a reason: METHOD:CANCEL for the members.
    extra = plan("KI-rådet 5/2026", 40)
    svc.meeting_transition(meeting=extra, to=S.AGENDA_PUBLISHED, by=None)
    mail.outbox.clear()
    page.goto(f"{base}/{extra.pk}/")
    page.locator("#cancel-reason").locator("xpath=ancestor::details").locator("summary").click()
    page.locator("#cancel-reason").fill("For få saker")
    page.locator("form:has(#cancel-reason) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("For få saker")
    (cancel_mail,) = [m for m in mail.outbox if m.to == [cast["dmp_rep"].email]]
    cal, other = ics(cancel_mail)
    assert str(cal["method"]) == "CANCEL"
    assert other.method.value == "CANCEL"
