"""No module over 400 lines outside migrations and tests: past that, a module holds more than
one concern and more than one person keeps in mind (issue 15). Split it by concern, as
`guidance/services/` and `guidance/forms/` are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
SKIPPED = {".venv", ".venv-tools", "node_modules", "migrations", "tests", "artifacts"}


def test_no_module_is_over_400_lines():
    modules = [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
    ]
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert len(modules) > 100  # the walk found the portal's code
    assert too_long == {}
