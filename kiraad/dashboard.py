"""The dashboard composes read-only panels from each app's selectors.

Each app registers its panel providers, `(user) -> DashboardPanel | None`, in
kiraad.registry.dashboard_panels from its AppConfig; the council core never imports the apps.
"""

from dataclasses import dataclass, field

from kiraad import registry


@dataclass
class DashboardPanel:
    """A panel on `/`: a heading, a template to include and its context."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def dashboard_panels(user) -> list[DashboardPanel]:
    panels = []
    for provider in registry.dashboard_panels.providers():
        panel = provider(user)
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda panel: panel.order)
