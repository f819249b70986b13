"""A member term or the mandate ending within the configured window (TERM_WARNING_DAYS): the
secretariat is told once, on the day it enters the window, with the clock moved day by day
(time-machine) and the e-mails counted at the real SMTP server."""

import datetime
import zoneinfo

import pytest
import time_machine

from kiraad.models import Mandate
from notifications import services
from tests.factories import BodyFactory, MandateFactory, MembershipFactory

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
END = datetime.date(2027, 6, 30)
WINDOW = 30


def run_days(first: datetime.date, last: datetime.date, smtp, callbacks):
    """The 06:30 sweep on each day; returns {day: [(to, subject)]} of what arrived."""
    per_day = {}
    day = first
    while day <= last:
        before = len(smtp.messages)
        moment = datetime.datetime.combine(day, datetime.time(6, 30), tzinfo=OSLO)
        with time_machine.travel(moment, tick=False), callbacks(execute=True):
            services.daily_sweeps()
        per_day[day] = [(m["To"], m["Subject"]) for m in smtp.messages[before:]]
        day += datetime.timedelta(days=1)
    return {day: mail for day, mail in per_day.items() if mail}


@pytest.fixture
def mandate(db, settings):
    settings.TERM_WARNING_DAYS = WINDOW
    return MandateFactory(
        body=BodyFactory(key="ki-radet"),
        title="Mandat for KI-rådet",
        term_start=datetime.date(2026, 1, 1),
        term_end=END,
    )


def test_the_mandate_and_a_member_term_ending_are_told_once_when_they_enter_the_window(
    smtp, cast, agencies, mandate, django_capture_on_commit_callbacks
):
    early = datetime.date(2027, 6, 10)
    MembershipFactory(mandate=mandate, agency=agencies["DMP"], end=early)
    # Ending with the mandate: the mandate's notice covers it, no second e-mail that day.
    MembershipFactory(mandate=mandate, agency=agencies["HDIR"], end=END)
    MembershipFactory(mandate=mandate, agency=agencies["KIN"])
    received = run_days(
        early - datetime.timedelta(days=WINDOW + 5),
        END + datetime.timedelta(days=3),
        smtp,
        django_capture_on_commit_callbacks,
    )
    secretariat = cast["secretariat"].email
    assert received == {
        early - datetime.timedelta(days=WINDOW): [
            (
                secretariat,
                "Utløper 10.06.2027: Direktoratet for medisinske produkter (Mandat for KI-rådet)",
            )
        ],
        END - datetime.timedelta(days=WINDOW): [
            (secretariat, "Utløper 30.06.2027: Mandat for KI-rådet")
        ],
    }
    texts = [smtp.text(m) for m in smtp.messages]
    assert "Medlemsperiode: Direktoratet for medisinske produkter" in texts[0]
    assert "Mandatet: Mandat for KI-rådet utløper 30.06.2027." in texts[1]
    assert smtp.to(cast["hdir_rep"].email) == []


def test_a_renewed_mandate_or_member_term_and_a_proposal_are_not_told(
    smtp, cast, agencies, mandate, django_capture_on_commit_callbacks
):
    renewed = MandateFactory(
        body=mandate.body,
        title="Fornyet mandat",
        term_start=END + datetime.timedelta(days=1),
        term_end=datetime.date(2029, 6, 30),
    )
    MandateFactory(
        title="Forslag til mandat",
        status=Mandate.Status.PROPOSAL,
        term_start=datetime.date(2026, 1, 1),
        term_end=END,
    )
    MembershipFactory(mandate=mandate, agency=agencies["DMP"], end=datetime.date(2027, 6, 10))
    MembershipFactory(mandate=renewed, agency=agencies["DMP"], start=datetime.date(2027, 6, 11))
    received = run_days(
        END - datetime.timedelta(days=WINDOW + 1),
        END,
        smtp,
        django_capture_on_commit_callbacks,
    )
    assert received == {}


def test_the_secretariats_tasks_list_the_same_terms(client, cast, agencies, mandate):
    MembershipFactory(mandate=mandate, agency=agencies["DMP"], end=datetime.date(2027, 6, 10))
    MembershipFactory(mandate=mandate, agency=agencies["HDIR"], end=END)
    with time_machine.travel(datetime.datetime(2027, 6, 1, 12, tzinfo=OSLO), tick=False):
        client.force_login(cast["secretariat"])
        page = client.get("/tasks/").text
    assert page.count("Medlemsperioden utløper") == 1
    assert "Direktoratet for medisinske produkter" in page
    assert "Mandatet utløper: Mandat for KI-rådet" in page
