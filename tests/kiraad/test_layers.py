"""Views read through selectors and access, never the ORM directly (import-linter sees imports,
not `Model.objects` on a model a view may import for its type or its constants)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("kiraad", "measures", "guidance", "network", "notifications")
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def view_modules() -> list[Path]:
    found = []
    for app in APPS:
        found += (ROOT / app).rglob("views.py")
        found += (ROOT / app).rglob("views/*.py")
    return sorted(found)


def manager_uses(source: str) -> list[tuple[int, str]]:
    """(line, expression) of each `X.objects` (or another default manager) in `source`."""
    return [
        (node.lineno, ast.unparse(node))
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS
    ]


def test_the_check_sees_a_manager_and_nothing_else():
    source = (
        "from kiraad.models import Body\n"
        "def view(request):\n"
        "    objects = request.GET.get('objects')\n"
        "    return Body.objects.filter(key=objects).first()\n"
    )
    assert manager_uses(source) == [(4, "Body.objects")]


def test_every_app_has_views_to_check():
    modules = view_modules()
    assert {path.relative_to(ROOT).parts[0] for path in modules} == set(APPS)


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_query_through_selectors(path: Path):
    assert manager_uses(path.read_text(encoding="utf-8")) == []
