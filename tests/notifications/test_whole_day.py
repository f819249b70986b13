"""Two weeks of a reporting round with the clock moved (time-machine): the round opens, the
deadline nears, the deadline passes; the sweeps run at 06:30, the digest at 07:00 (Oslo), and
the SMTP server counts what arrives."""

import datetime
import zoneinfo

import pytest
import time_machine

from kiraad.services import user_set_roles
from notifications import services
from notifications.models import Notification, Preference
from tests.factories import ActionItemFactory, MeetingFactory, UserFactory
from tests.measures.factories import MeasureFactory, PlanFactory, ReportingRoundFactory

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
OPENS = datetime.date(2027, 3, 1)
DUE = datetime.date(2027, 3, 11)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=OSLO)


def test_round_opened_reminder_overdue_and_the_digest(
    smtp, cast, agencies, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_ROUND_REMINDER_DAYS = 7
    hdir, dmp = cast["hdir_rep"], cast["dmp_rep"]
    # A second representative of DMP reads the round notices in the 07:00 digest.
    digest_reader = UserFactory(username="rep-dmp-2")
    user_set_roles(
        user=digest_reader,
        agency=agencies["DMP"],
        roles={"agency_representative"},
        by=None,
        reason="test",
    )
    Preference.objects.bulk_create(
        Preference(user=digest_reader, kind=kind, delivery="digest")
        for kind in ("round_opened", "round_reminder", "round_overdue")
    )
    plan = PlanFactory()
    MeasureFactory(plan=plan, owned_by=agencies["HDIR"])
    MeasureFactory(plan=plan, owned_by=agencies["DMP"])
    ReportingRoundFactory(plan=plan, name="Vår 2027", opens_on=OPENS, due_on=DUE)

    per_day: dict[datetime.date, list[tuple[str, str]]] = {}
    day = OPENS - datetime.timedelta(days=1)
    while day <= DUE + datetime.timedelta(days=3):
        before = len(smtp.messages)
        with (
            time_machine.travel(at(day, 6, 30), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.daily_sweeps()
        with time_machine.travel(at(day, 7, 0), tick=False):
            services.digests_send()
        per_day[day] = [(m["To"], m["Subject"]) for m in smtp.messages[before:]]
        day += datetime.timedelta(days=1)

    def to(user):
        return {d: [s for t, s in mail if t == user.email] for d, mail in per_day.items()}

    hdir_mail = {d: s for d, s in to(hdir).items() if s}
    assert list(hdir_mail) == [
        OPENS,
        DUE - datetime.timedelta(days=7),
        DUE + datetime.timedelta(days=1),
    ]
    assert hdir_mail[OPENS][0].startswith("Rapporteringsrunde åpnet")
    assert "rapporteringsfrist" in hdir_mail[DUE - datetime.timedelta(days=7)][0].lower()
    assert "forsinket" in hdir_mail[DUE + datetime.timedelta(days=1)][0].lower()
    assert {d for d, s in to(dmp).items() if s} == set(hdir_mail)
    # The digest reader got one summary on each of those mornings, none on the quiet days.
    digests = {d: s for d, s in to(digest_reader).items() if s}
    assert list(digests) == list(hdir_mail)
    assert all(len(s) == 1 and "oppsummering" in s[0].lower() for s in digests.values())
    # 3 notices × (2 immediate + 1 digest), nothing more in 15 days.
    assert len(smtp.messages) == 9
    assert not Notification.objects.filter(status="queued").exists()


def test_action_due_soon_then_overdue_reaches_the_owning_agency(
    smtp, cast, agencies, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_ACTION_DUE_DAYS = 3
    due = datetime.date(2027, 3, 10)
    with time_machine.travel(at(datetime.date(2027, 3, 1), 6, 30), tick=False):
        ActionItemFactory(
            meeting=MeetingFactory(), owner_agency=agencies["DMP"], due_date=due, title="Svar"
        )
    subjects = []
    for offset in range(14):
        day = datetime.date(2027, 3, 1) + datetime.timedelta(days=offset)
        with (
            time_machine.travel(at(day, 6, 30), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.daily_sweeps()
        subjects += [(day, m["Subject"]) for m in smtp.to(cast["dmp_rep"].email)[len(subjects) :]]
    assert [d for d, _s in subjects] == [datetime.date(2027, 3, 7), datetime.date(2027, 3, 11)]
    assert all("Svar" in s for _d, s in subjects)
    assert smtp.to(cast["hdir_rep"].email) == []
