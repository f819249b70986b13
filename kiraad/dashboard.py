"""The dashboard composes read-only panels from each app's selectors.

Each entry of settings.DASHBOARD_PANELS names a function `(user) -> DashboardPanel | None`;
the council core never imports the apps' models.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class DashboardPanel:
    """A panel on `/`: a heading, a template to include and its context."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def dashboard_panels(user) -> list[DashboardPanel]:
    panels = []
    for path in settings.DASHBOARD_PANELS:
        panel = import_string(path)(user)
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda panel: panel.order)
