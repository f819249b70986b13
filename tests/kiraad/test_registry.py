"""The apps' contributions come from their AppConfigs, in an order fixed by `order`."""

import pytest

from kiraad import registry


def test_each_kind_lists_the_apps_contributions_in_their_declared_order():
    assert registry.dashboard_panels.names() == [
        "notifications.panels.tasks_panel",
        "kiraad.panels.council_panel",
        "measures.panels.measures_panel",
        "network.panels.escalations_panel",
        "guidance.panels.guidance_panel",
    ]
    assert registry.report_sections.names() == [
        "measures.report.status_section",
        "network.report.network_section",
        "guidance.report.guidance_section",
    ]
    assert registry.seed_loaders.names() == [
        "kiraad.seed.load_seed",
        "measures.seed.load_seed",
        "network.seed.load_seed",
        "guidance.seed.load_seed",
        "kiraad.meetings.seed.load_seed",
    ]
    # The demo meetings come before the apps' demo data, which put items on their agendas.
    assert registry.demo_loaders.names() == [
        "kiraad.demo.load_demo",
        "kiraad.meetings.seed.load_demo",
        "measures.seed.load_demo",
        "network.seed.load_demo",
        "guidance.seed.load_demo",
    ]
    assert registry.dissolution_handlers.names() == [
        "measures",
        "guidance",
        "guidance_areas",
        "network",
    ]
    assert registry.succession_previews.names() == ["measures", "guidance", "network"]
    assert registry.route_access.names() == ["measures", "guidance", "network", "notifications"]
    assert registry.task_providers.names() == [
        "kiraad.notifications.core.council_tasks",
        "measures.notifications.measures_tasks",
        "network.notifications.network_tasks",
        "guidance.notifications.guidance_tasks",
    ]
    assert registry.notification_sweeps.names() == [
        "kiraad.notifications.core.council_sweep",
        "measures.notifications.rounds_sweep",
    ]
    assert registry.notification_outbox.names() == ["notifications"]


def test_a_route_classified_twice_is_refused():
    from kiraad.routes import RouteAccess, classify

    assert classify("kiraad:meeting-detail") == RouteAccess.LOGGED_IN
    registry.route_access.add({"kiraad:meeting-detail": RouteAccess.PUBLIC}, order=99, name="x")
    try:
        with pytest.raises(ValueError, match="classified twice"):
            classify("kiraad:meeting-detail")
    finally:
        registry.route_access.remove("x")


def test_order_then_name_decides_not_the_order_of_registration():
    kind: registry.Contributions[int] = registry.Contributions("test")
    kind.add(3, order=20, name="c")
    kind.add(2, order=10, name="b")
    kind.add(1, order=10, name="a")
    kind.add(4, order=5, name="c")  # registering a name again replaces it
    assert kind.names() == ["c", "a", "b"]
    assert kind.providers() == [4, 1, 2]
    kind.remove("a")
    assert kind.names() == ["c", "b"]


def test_the_settings_lists_are_gone():
    from django.conf import settings

    for name in ("DASHBOARD_PANELS", "REPORT_SECTIONS", "SEED_LOADERS", "DEMO_LOADERS"):
        assert not hasattr(settings, name)
