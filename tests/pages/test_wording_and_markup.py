"""Pages read right (issue 21): the words a person notices at once, and markup the HTML checker
accepts. Each test fails on the defect it is named after."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


def test_no_template_uses_bare_hx_attributes():
    """The Nu HTML Checker rejects hx-*; data-hx-* is the valid spelling htmx also reads."""
    bare = []
    for path in TEMPLATES.rglob("*.html"):
        for match in re.finditer(r"(?<![\w-])hx-[a-z-]+=", path.read_text()):
            bare.append(f"{path.relative_to(TEMPLATES)}: {match.group()}")
    assert not bare, bare


def test_stylesheet_never_breaks_words_anywhere():
    css = CSS.read_text()
    assert not re.search(r"overflow-wrap:\s*anywhere", css)
    assert "overflow-wrap: break-word" in css
    assert ".portal-nowrap { white-space: nowrap; }" in css
    report_css = (TEMPLATES / "reports" / "report.css").read_text()
    assert not re.search(r"overflow-wrap:\s*anywhere", report_css)


def test_focus_ring_has_three_to_one_contrast_on_white_and_on_the_header():
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a, b):
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    css = CSS.read_text()
    ring = re.search(r"^:focus-visible[^{]*\{ outline: 3px solid (#[0-9a-f]{6})", css, re.M).group(
        1
    )
    header_ring = re.search(
        r"^\.portal-header :focus-visible[^{]*\{ outline-color: (#[0-9a-f]{6})", css, re.M
    )
    assert contrast(ring, "#ffffff") >= 3
    assert contrast(header_ring.group(1), "#0062ba") >= 3


def test_measure_filter_says_all_and_plan(client, cast):
    MeasureFactory()
    client.force_login(cast["hdir_rep"])
    page = client.get("/measures/").content.decode()
    assert "---------" not in page
    assert ">Alle</option>" in page
    assert "Planlegg" not in page
    assert ">Plan:</label>" in page


def test_measure_page_and_csv_say_plan_not_planlegg(client, cast):
    measure = MeasureFactory()
    client.force_login(cast["hdir_rep"])
    page = client.get(f"/measures/{measure.pk}/").content.decode()
    assert "<dt>Plan</dt>" in page
    assert "Planlegg" not in page
    export = client.get("/measures/export.csv")
    header = next(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert header[0] == "Plan"


def test_meeting_form_button_is_the_verb(client, cast):
    client.force_login(cast["secretariat"])
    page = client.get("/council/meetings/new/").content.decode()
    assert ">Planlegg</button>" in page


def test_header_names_the_agency_once(client, cast):
    user = cast["hdir_rep"]
    user.first_name, user.last_name = "Kari", "Representant"
    user.save()
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Kari Representant (Helsedirektoratet)" in page
    assert "(Helsedirektoratet) (Helsedirektoratet)" not in page


def test_demo_representatives_do_not_carry_the_agency_in_their_name(settings):
    from kiraad.demo import load_demo

    settings.ALLOW_DEMO_DATA = True
    from tests.factories import AgencyFactory

    AgencyFactory(code="HDIR", name="Helsedirektoratet", short_name="Helsedirektoratet")
    load_demo(data_dir=Path(settings.BASE_DIR) / "fixtures", log=lambda message: None)
    from kiraad.models import User

    assert "(" not in User.objects.get(username="rep-hdir").last_name


def test_required_fields_are_marked_and_checkboxes_sit_before_their_label(client):
    page = client.get("/guidance/ask/").content.decode()
    assert page.count("Må fylles ut") >= 4
    # a single checkbox: the input first, its label next to it, in one row
    assert re.search(r'<div class="portal-check"><input type="checkbox"[^>]*>\s*<label', page)


def test_forbidden_page_does_not_tell_an_owner_only_owners_may_edit(client, cast):
    client.force_login(cast["hdir_rep"])
    response = client.get("/reports/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "bare eierne" not in text
    assert "Rollen din gir ikke tilgang" in text


def test_send_button_does_not_look_active_while_sending_is_blocked(client, cast, hdir_request):
    client.force_login(cast["secretariat"])
    page = client.get(f"/guidance/requests/{hdir_request.pk}/").content.decode()
    assert "Send svaret (blokkert)" in page
    assert 'aria-describedby="send-blockers"' in page
    action = client.get(f"/guidance/requests/{hdir_request.pk}/send/").content.decode()
    assert re.search(r'<button class="ds-button" type="submit" disabled', action)
