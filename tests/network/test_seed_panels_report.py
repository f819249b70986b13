"""The seed and demo loaders, the dashboard panel and the HOD report section."""

import datetime
import json
import os
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from kiraad import registry
from kiraad.access import Role, is_secretariat
from kiraad.services import user_set_roles
from network import services
from network.models import Escalation, EscalationCategory, EscalationLevel, Network
from network.panels import escalations_panel
from network.report import network_section
from network.seed import load_demo, load_seed
from tests.factories import BodyFactory, UserFactory
from tests.network.factories import DeploymentFactory, EscalationFactory

REAL_SEED = Path(os.environ.get("NETWORK_SEED_DIR", Path(settings.BASE_DIR) / "fixtures" / "seed"))


@pytest.fixture
def seed_dir(tmp_path):
    (tmp_path / "escalation_categories.json").write_text(
        json.dumps(
            [
                {
                    "key": "unclear-rules",
                    "name": "Uklare regler",
                    "group": "rhf_task",
                    "kind": "question",
                    "source": "004",
                },
                {
                    "key": "public-cloud",
                    "name": "Offentlig sky",
                    "group": "second_line",
                    "kind": "case_type",
                },
            ]
        ),
        encoding="utf-8",
    )
    (tmp_path / "escalation_levels.json").write_text(
        json.dumps(
            {
                "levels": [
                    {"key": "council", "name": "KI-rådet", "description": "prioriterte behov"},
                    {"key": "higher", "name": "Høyere nivå", "order": 9},
                ]
            }
        ),
        encoding="utf-8",
    )
    return tmp_path


def test_seed_is_idempotent_and_links_kin(agencies, seed_dir):
    lines = []
    load_seed(data_dir=seed_dir, log=lines.append)
    load_seed(data_dir=seed_dir, log=lines.append)
    assert EscalationCategory.objects.count() == 2
    assert EscalationLevel.objects.count() == 2
    cloud = EscalationCategory.objects.get(key="public-cloud")
    assert cloud.group == EscalationCategory.Group.SECOND_LINE
    assert EscalationLevel.objects.get(key="higher").order == 9
    kin = Network.objects.get()
    assert kin.code == "KIN"
    assert kin.agency == agencies["KIN"]


def test_seed_without_files_still_creates_kin(agencies, tmp_path):
    lines = []
    load_seed(data_dir=tmp_path, log=lines.append)
    assert Network.objects.get().agency == agencies["KIN"]
    assert any("missing" in line for line in lines)


@pytest.mark.skipif(
    not (REAL_SEED / "escalation_categories.json").exists(), reason="seed file not merged yet"
)
def test_real_seed_loads(agencies):
    load_seed(data_dir=REAL_SEED, log=lambda line: None)
    assert EscalationCategory.objects.filter(group="task").count() >= 5
    assert EscalationCategory.objects.filter(group="second_line").count() >= 5
    assert EscalationLevel.objects.count() >= 5
    assert Network.objects.get(code="KIN").agency == agencies["KIN"]
    # Reports of use, benefit and cost belong to the register, not to the escalation form.
    from network.forms import EscalationForm

    choices = EscalationForm(networks=[]).fields["category"].queryset
    assert not choices.filter(kind="report").exists()
    assert choices.filter(key="offentlig-sky").exists()


def _demo_meetings(data_dir) -> None:
    """The council's demo meetings, which the network's demo escalations go to."""
    from kiraad.meetings.seed import load_demo as load_meetings_demo

    BodyFactory(key="ki-radet")
    load_meetings_demo(data_dir=data_dir, log=lambda line: None)


def test_demo_is_idempotent(cast, seed_dir):
    load_seed(data_dir=seed_dir, log=lambda line: None)
    _demo_meetings(seed_dir)
    load_demo(data_dir=seed_dir, log=lambda line: None)
    load_demo(data_dir=seed_dir, log=lambda line: None)
    assert Escalation.objects.count() == 7
    assert all(e.title.startswith("[Demo]") for e in Escalation.objects.all())
    # One escalation in each state.
    assert sorted(Escalation.objects.values_list("status", flat=True)) == sorted(
        Escalation.Status.values
    )
    from network.models import AIDeployment

    assert AIDeployment.objects.count() == 3
    assert AIDeployment.objects.filter(parent__isnull=False).count() == 1


def test_panel_flags_escalations_waiting_too_long(cast, kin, category):
    old = EscalationFactory(
        network=kin,
        category=category,
        raised_at=timezone.now() - datetime.timedelta(days=settings.ESCALATION_WAIT_DAYS + 1),
    )
    fresh = EscalationFactory(network=kin, category=category)
    panel = escalations_panel(cast["secretariat"])
    assert panel.context["overdue"] == {old.pk}
    assert set(panel.context["escalations"]) == {old, fresh}


def test_panel_shows_the_coordinator_their_escalations(cast, kin, category):
    mine = EscalationFactory(network=kin, category=category, raised_by=cast["kin_coordinator"])
    EscalationFactory(network=kin, category=category)
    panel = escalations_panel(cast["kin_coordinator"])
    assert panel.context["escalations"] == [mine]
    assert escalations_panel(cast["dmp_rep"]) is None


def test_dashboard_shows_the_flag(client, cast, kin, category):
    EscalationFactory(
        network=kin,
        category=category,
        title="Gammel sak",
        raised_at=timezone.now() - datetime.timedelta(days=settings.ESCALATION_WAIT_DAYS + 5),
    )
    client.force_login(cast["secretariat"])
    content = client.get("/").content.decode()
    assert "Gammel sak" in content
    assert "waiting too long" in content


def test_report_section_reads_history_as_of_its_date(cast, kin, category, level):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        escalation = services.escalation_create(
            network=kin,
            raised_by=cast["kin_coordinator"],
            data=services.EscalationData("Sak", "x", category, 3, 3, 3, level),
        )
        DeploymentFactory()
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)):
        services.escalation_close(escalation=escalation, by=cast["secretariat"], reason="ferdig")
        DeploymentFactory()
    section = network_section(
        as_of=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    assert section.template == "network/report_section.html"
    assert section.context["deployment_count"] == 1
    assert [row["status"] for row in section.context["escalations"]] == ["raised"]
    assert section.context["escalations"][0]["raised_in_period"]
    later = network_section(
        as_of=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    assert later.context["deployment_count"] == 2
    assert [row["status"] for row in later.context["escalations"]] == ["closed"]


def test_report_section_template_renders(cast, escalation):
    from django.template.loader import render_to_string

    section = network_section(
        as_of=timezone.now(),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    html = render_to_string(section.template, {"section": section.context})
    assert escalation.title in html


def test_registered_in_the_registry():
    assert "network.panels.escalations_panel" in registry.dashboard_panels.names()
    assert "network.seed.load_seed" in registry.seed_loaders.names()
    assert "network.seed.load_demo" in registry.demo_loaders.names()
    assert "network.report.network_section" in registry.report_sections.names()
    assert "network" in registry.dissolution_handlers.names()


def test_coordinator_of_another_network_cannot_change(client, agencies, escalation, category):
    other = UserFactory(username="annen-koordinator")
    user_set_roles(
        user=other, agency=agencies["DMP"], roles={Role.NETWORK_COORDINATOR}, by=None, reason="t"
    )
    client.force_login(other)
    assert client.get(f"/network/escalations/{escalation.pk}/edit/").status_code == 403
    assert client.get("/network/escalations/new/").status_code == 403


def test_seed_accepts_grouped_lists(agencies, tmp_path):
    (tmp_path / "escalation_categories.json").write_text(
        json.dumps(
            {
                "tasks": [{"key": "infrastructure", "name": {"nb": "Infrastruktur", "en": "x"}}],
                "second_line": [{"key": "rek", "name": "Testing før REK-godkjenning"}],
            }
        ),
        encoding="utf-8",
    )
    load_seed(data_dir=tmp_path, log=lambda line: None)
    groups = dict(EscalationCategory.objects.values_list("key", "group"))
    assert groups == {"infrastructure": "task", "rek": "second_line"}
    assert EscalationCategory.objects.get(key="infrastructure").name == "Infrastruktur"


def test_report_categories_are_not_offered_for_escalation(db):
    from network.forms import EscalationForm
    from tests.network.factories import CategoryFactory

    CategoryFactory(key="kost", kind="report")
    question = CategoryFactory(key="uklar", kind="question")
    assert list(EscalationForm(networks=[]).fields["category"].queryset) == [question]


@pytest.mark.skipif(
    not (REAL_SEED / "escalation_categories.json").exists(), reason="seed file not merged yet"
)
def test_demo_on_the_real_seed_uses_matching_categories(cast):
    load_seed(data_dir=REAL_SEED, log=lambda line: None)
    _demo_meetings(REAL_SEED)
    load_demo(data_dir=REAL_SEED, log=lambda line: None)
    keys = set(Escalation.objects.values_list("category__key", flat=True))
    assert keys == {"uklarheter-innforing", "nasjonal-infrastruktur", "offentlig-sky"}


def test_panel_counts_every_escalation_waiting_too_long_not_only_those_shown(
    cast, kin, category, django_assert_num_queries
):
    long_ago = timezone.now() - datetime.timedelta(days=settings.ESCALATION_WAIT_DAYS + 1)
    EscalationFactory.create_batch(12, network=kin, category=category, raised_at=long_ago)
    EscalationFactory(network=kin, category=category)
    user = cast["secretariat"]
    is_secretariat(user)  # the roles come with the signed-in user (kiraad.backends)
    with django_assert_num_queries(1):
        panel = escalations_panel(user)
    assert len(panel.context["escalations"]) == 10
    assert panel.context["overdue_count"] == 12
    assert panel.context["overdue"] == {e.pk for e in panel.context["escalations"]}
