"""«Mine oppgaver» per role: each task links to the form that does it, and leaves the list once
done. An empty list says so; the navigation's count and the dashboard panel load after the page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.services.assignment import guidance_request_triage
from kiraad.models import StatusReport
from measures.models import Health, Status
from measures.services import StatusData, measure_post_status
from network import services as network_services
from network.models import Escalation
from tests.factories import CommissionFactory, StatusReportFactory
from tests.guidance import conftest as guidance_fixtures
from tests.guidance.conftest import submit
from tests.measures.factories import MeasureFactory, PlanFactory, ReportingRoundFactory
from tests.network.factories import DeploymentFactory, EscalationFactory

pytestmark = pytest.mark.django_db
areas = guidance_fixtures.areas
TASKS = reverse("notifications:tasks")


def tasks_page(client, user):
    client.force_login(user)
    return client.get(TASKS).text


def test_an_empty_list_says_so_and_the_count_is_empty(client, cast):
    assert "Du har ingenting å gjøre akkurat nå." in tasks_page(client, cast["kin_coordinator"])
    assert "portal-badge" not in client.get(TASKS + "?fragment=count").text


def test_representative_posts_the_update_and_it_leaves_the_list(client, cast, agencies):
    today = timezone.localdate()
    plan = PlanFactory()
    measure = MeasureFactory(plan=plan, owned_by=agencies["HDIR"], title="Tiltak Alfa")
    ReportingRoundFactory(
        plan=plan,
        opens_on=today - datetime.timedelta(days=20),
        due_on=today - datetime.timedelta(days=1),
    )
    page = tasks_page(client, cast["hdir_rep"])
    form = reverse("measures:measure-update", args=[measure.pk])
    assert f'href="{form}"' in page
    assert "forfalt siden" in page  # the round's deadline has passed
    assert ">1<" in client.get(TASKS + "?fragment=count").text
    assert "Tiltak Alfa" in client.get(TASKS + "?fragment=panel").text
    measure_post_status(
        measure=measure,
        author=cast["hdir_rep"],
        based_on=None,
        data=StatusData(status=Status.IN_PROGRESS, progress=10, health=Health.ON_TRACK),
    )
    assert f'href="{form}"' not in tasks_page(client, cast["hdir_rep"])
    # Another agency's representative never sees it.
    assert f'href="{form}"' not in tasks_page(client, cast["dmp_rep"])


def test_secretariat_triages_a_new_question_and_it_leaves_the_list(client, cast, areas):
    request, _token = submit([areas["law"]])
    page = tasks_page(client, cast["secretariat"])
    assert f'href="{request.get_absolute_url()}"' in page
    assert request.reference in page
    guidance_request_triage(request=request, decision="accept", by=cast["secretariat"])
    assert request.reference not in tasks_page(client, cast["secretariat"])


def test_coordinator_reviews_an_entry_and_closes_an_answered_escalation(client, cast):
    entry = DeploymentFactory(system="Sepsisvarsel", publication="draft")
    escalation = EscalationFactory(status=Escalation.Status.SENT_BACK, title="Svar tilbake")
    page = tasks_page(client, cast["kin_coordinator"])
    assert f'href="{reverse("network:deployment-detail", args=[entry.pk])}"' in page
    assert f'href="{escalation.get_absolute_url()}"' in page
    network_services.deployment_publish(deployment=entry, by=cast["kin_coordinator"])
    network_services.escalation_close(
        escalation=escalation, by=cast["kin_coordinator"], reason="Tatt til etterretning"
    )
    page = tasks_page(client, cast["kin_coordinator"])
    assert "Sepsisvarsel" not in page
    assert "Svar tilbake" not in page


def test_the_secretariat_sees_a_status_report_due_and_it_leaves_once_the_report_is_done(
    client, cast, agencies, settings
):
    settings.REPORT_DUE_DAYS, settings.REPORT_OVERDUE_DAYS = 60, 90
    today = timezone.localdate()
    due = CommissionFactory(
        reference="TB 2027-01",
        title="Rapport om KI",
        agency=agencies["HDIR"],
        deadline=today + datetime.timedelta(days=30),
    )
    late = CommissionFactory(
        reference="TB 2027-02", agency=agencies["HDIR"], deadline=today - datetime.timedelta(days=5)
    )
    CommissionFactory(reference="TB 2027-03", deadline=today + datetime.timedelta(days=200))
    CommissionFactory(reference="TB 2019-01", deadline=today - datetime.timedelta(days=400))
    page = tasks_page(client, cast["secretariat"])
    order = reverse("reports:report-list")
    assert f'href="{order}?commission={due.pk}"' in page
    assert "Statusrapport til departementet forfaller: TB 2027-01: Rapport om KI" in page
    assert f'href="{order}?commission={late.pk}"' in page
    assert "TB 2027-03" not in page
    assert "TB 2019-01" not in page
    # The link opens the order form with the commission ticked.
    form = client.get(f"{order}?commission={due.pk}").text
    assert re.search(rf'value="{due.pk}"[^>]*checked', form)
    # A report still rendering does not count; a finished one answering it does.
    report = StatusReportFactory(state=StatusReport.State.RENDERING)
    report.commissions.add(due)
    assert f"?commission={due.pk}" in tasks_page(client, cast["secretariat"])
    StatusReport.objects.filter(pk=report.pk).update(state=StatusReport.State.DONE)
    page = tasks_page(client, cast["secretariat"])
    assert f"?commission={due.pk}" not in page
    assert f"?commission={late.pk}" in page
    # Agencies do not order the ministry's reports.
    assert "Statusrapport" not in tasks_page(client, cast["hdir_rep"])


def test_a_long_list_shows_the_most_urgent_and_counts_the_rest(client, cast, monkeypatch):
    """At scale 10 the secretariat has thousands of requests to triage: the page lists the
    first TASK_LIMIT of each kind and one line for the rest, and the count still says all."""
    monkeypatch.setattr("kiraad.notifications.todo.TASK_LIMIT", 2)
    for _ in range(5):
        EscalationFactory(raised_by=cast["kin_coordinator"])
    page = tasks_page(client, cast["secretariat"])
    assert page.count("Vurder eskaleringen") == 2
    assert "… og 3 til: se hele listen" in page
    assert f'href="{reverse("network:escalation-list")}"' in page
    assert ">5<" in client.get(TASKS + "?fragment=count").text


def test_the_navigation_count_reads_one_query_and_says_what_the_list_counts(
    client, cast, monkeypatch, django_assert_num_queries
):
    """The count is asked for on every page: every kind's total in one query (besides the
    session and the user), the same total the list and its heading show."""
    monkeypatch.setattr("kiraad.notifications.todo.TASK_LIMIT", 2)
    for _ in range(5):
        EscalationFactory(raised_by=cast["kin_coordinator"])
    client.force_login(cast["secretariat"])
    page = client.get(TASKS)
    total = page.context["count"]
    assert total >= 5
    assert f"{total} oppgaver venter på deg." in page.text
    # The page knows its count: the navigation shows it without loading the fragment.
    assert "fragment=count" not in page.text
    assert f'aria-hidden="true">{total}<' in page.text
    with django_assert_num_queries(3):
        count = client.get(TASKS + "?fragment=count").text
    assert f">{total}<" in count
