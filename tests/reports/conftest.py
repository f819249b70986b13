import pytest

from kiraad.reports.sections import ReportSection

HOSTILE = '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x">'


def fake_section(*, as_of, period_start, period_end):
    from kiraad.models import Agency

    names = list(Agency.history.as_of(as_of).order_by("code").values_list("name", flat=True))
    return ReportSection(
        key="fake",
        title="Tiltak etter status",
        template="reports/tests_fake_section.html",
        context={"names": names, "hostile": HOSTILE},
        order=20,
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_SECTIONS = ["tests.reports.conftest.fake_section"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
