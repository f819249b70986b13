import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kiraad.meetings.models import Meeting
from measures.models import Health, Measure, MeasureOwner, Milestone, Plan, Status, StatusUpdate
from measures.services import StatusData, measure_post_status
from tests.factories import AgencyFactory, AgendaItemFactory
from tests.measures.factories import MeasureFactory, PlanFactory

pytestmark = pytest.mark.django_db

UPDATE_POST = {
    "status": "in_progress",
    "progress": "40",
    "health": "at_risk",
    "done": "Utkast levert",
    "next_steps": "Høring",
    "blockers": "",
    "based_on": "",
}


def _login(client, cast, who):
    if who:
        client.force_login(cast[who])


def _row_counts():
    return (
        Measure.objects.count(),
        StatusUpdate.objects.count(),
        MeasureOwner.objects.count(),
        Milestone.objects.count(),
        Plan.objects.count(),
    )


# --- permission matrix ---------------------------------------------------------------------

READ_PAGES = ["/measures/", "/measures/{pk}/", "/measures/export.csv", "/measures/plans/"]


# One test per role over all the read pages: they only read, so one cast and one measure
# serve the four pages (issue 15: a test per page and role made twenty casts).
@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("dmp_rep", 200),
        ("hdir_rep", 200),
        ("secretariat", 200),
        ("kin_coordinator", 200),
    ],
)
def test_read_pages_are_for_every_signed_in_user(client, cast, hdir_measure, who, status):
    _login(client, cast, who)
    for path in READ_PAGES:
        response = client.get(path.format(pk=hdir_measure.pk))
        assert response.status_code == status, path
        if status == 302:
            assert response["Location"].startswith("/accounts/login/"), path


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("dmp_rep", 403),  # may read other agencies' measures, never change them
        ("kin_coordinator", 403),
        ("hdir_rep", 200),  # the owning agency
        ("secretariat", 200),
    ],
)
def test_update_page_access_get_and_post(client, cast, hdir_measure, who, status):
    _login(client, cast, who)
    url = f"/measures/{hdir_measure.pk}/update/"
    assert client.get(url).status_code == status
    before = _row_counts()
    response = client.post(url, UPDATE_POST)
    if status == 200:
        assert response.status_code == 302
        assert StatusUpdate.objects.count() == 1
    else:
        assert response.status_code == status
        assert _row_counts() == before


def _milestone(measure):
    return Milestone.objects.get_or_create(measure=measure, title="Første versjon")[0]


def _secretariat_routes(measure, plan):
    return [
        (
            "/measures/new/",
            {
                "plan": plan.pk,
                "number": "X-1",
                "order": "1",
                "kind": "tiltak",
                "title": "Nytt tiltak",
            },
        ),
        (
            f"/measures/{measure.pk}/edit/",
            {
                "plan": plan.pk,
                "number": measure.number,
                "order": "1",
                "kind": "tiltak",
                "title": "Endret",
            },
        ),
        (f"/measures/{measure.pk}/owners/", {"co_owners": [], "reason": "x", "lead": ""}),
        (f"/measures/{measure.pk}/merge/", {"external": "Et annet prosjekt", "reason": "x"}),
        (f"/measures/{measure.pk}/milestones/new/", {"title": "Milepæl", "kind": "date"}),
        (
            f"/measures/{measure.pk}/milestones/{_milestone(measure).pk}/edit/",
            {"title": "Endret milepæl", "kind": "finish_by"},
        ),
        ("/measures/plans/new/", {"key": "NY2030", "title": "Ny plan"}),
        (f"/measures/plans/{plan.pk}/edit/", {"key": plan.key, "title": "Endret plan"}),
        (
            f"/measures/plans/{plan.pk}/rounds/new/",
            {"name": "R1", "opens_on": "2026-01-01", "due_on": "2026-02-01"},
        ),
    ]


# One test per route over the roles: the refused ones first, each shown to change nothing, then
# the secretariat, whose POST writes (issue 15: a test per route and role made 36 casts).
REFUSED = [(None, 302), ("dmp_rep", 403), ("hdir_rep", 403)]


@pytest.mark.parametrize("route", range(9))
def test_secretariat_pages_matrix(client, cast, agencies, hdir_measure, route):
    url, data = _secretariat_routes(hdir_measure, hdir_measure.plan)[route]
    if "owners" in url:
        data = {**data, "lead": agencies["DMP"].pk}
    title_before = Measure.objects.get(pk=hdir_measure.pk).title
    for who, status in REFUSED:
        client.logout()
        _login(client, cast, who)
        assert client.get(url).status_code == status, who
        before = _row_counts()
        response = client.post(url, data)
        assert response.status_code == status, who
        assert _row_counts() == before, who
        assert Measure.objects.get(pk=hdir_measure.pk).title == title_before, who
        assert not Milestone.objects.filter(title="Endret milepæl").exists(), who
        assert list(hdir_measure.owners.values_list("agency__code", flat=True)) == ["HDIR"], who
    client.logout()
    _login(client, cast, "secretariat")
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_missing_measure_is_404(client, cast):
    client.force_login(cast["secretariat"])
    assert client.get("/measures/999999/").status_code == 404
    assert client.get("/measures/999999/update/").status_code == 404


# --- status updates and locking ------------------------------------------------------------


def test_bad_input_keeps_what_was_typed(client, cast, hdir_measure):
    client.force_login(cast["hdir_rep"])
    response = client.post(
        f"/measures/{hdir_measure.pk}/update/", {**UPDATE_POST, "progress": "140"}
    )
    assert response.status_code == 200
    assert "Utkast levert" in response.content.decode()
    assert StatusUpdate.objects.count() == 0


def test_two_sessions_second_gets_conflict_and_keeps_text(cast, hdir_measure):
    first, second = Client(), Client()
    first.force_login(cast["hdir_rep"])
    second.force_login(cast["secretariat"])
    url = f"/measures/{hdir_measure.pk}/update/"
    first.get(url)
    second.get(url)  # both loaded the form based on «no update yet»
    assert first.post(url, {**UPDATE_POST, "done": "Første lagring"}).status_code == 302
    response = second.post(url, {**UPDATE_POST, "done": "Min tekst som ikke må gå tapt"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Min tekst som ikke må gå tapt" in page  # nothing they typed is lost
    assert "Første lagring" in page  # and they see what the first saved
    assert StatusUpdate.objects.count() == 1
    latest = StatusUpdate.objects.get()
    # Saving again (the form now carries the latest id) goes through.
    assert f'value="{latest.pk}"' in page
    again = second.post(url, {**UPDATE_POST, "based_on": str(latest.pk), "done": "Min tekst"})
    assert again.status_code == 302
    assert StatusUpdate.objects.count() == 2


# --- list, filters, export -----------------------------------------------------------------


@pytest.fixture
def listing(agencies):
    other = PlanFactory(key="ANB2021", title="Anbefalinger 2021", year=2021)
    return {
        "a": MeasureFactory(
            owned_by=agencies["HDIR"],
            title="Regelverk og handlingsrom",
            priority=1,
            area="Regelverk",
            kind="utredning",
        ),
        "b": MeasureFactory(
            owned_by=agencies["DMP"],
            title="Medisinsk utstyr",
            priority=2,
            area="Veiledning",
            kind="tiltak",
        ),
        "c": MeasureFactory(
            owned_by=[agencies["HDIR"], agencies["DMP"]],
            plan=other,
            title="Kompetansenettverk",
            priority=None,
            area="Kompetanse",
            kind="anbefaling",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"a", "b", "c"}),
        ("priority=1", {"a"}),
        ("kind=tiltak", {"b"}),
        ("area=Kompetanse", {"c"}),
        ("q=utstyr", {"b"}),
        ("status=not_started", {"a", "b", "c"}),
        ("health=off_track", set()),
    ],
)
def test_list_filters(client, cast, listing, query, expected):
    client.force_login(cast["dmp_rep"])
    response = client.get(f"/measures/?{query}")
    page = response.content.decode()
    shown = {key for key, m in listing.items() if m.title in page}
    assert shown == expected
    if not expected:
        assert "No measures match" in page or "Ingen tiltak" in page


def test_list_filter_by_owner_and_plan(client, cast, agencies, listing):
    client.force_login(cast["dmp_rep"])
    page = client.get(f"/measures/?owner={agencies['HDIR'].pk}").content.decode()
    assert "Regelverk og handlingsrom" in page
    assert "Kompetansenettverk" in page
    assert "Medisinsk utstyr" not in page
    plan = listing["c"].plan
    page = client.get(f"/measures/?plan={plan.pk}").content.decode()
    assert "Kompetansenettverk" in page
    assert "Medisinsk utstyr" not in page


def test_list_sort_descending(client, cast, listing):
    client.force_login(cast["dmp_rep"])
    page = client.get("/measures/?sort=-title").content.decode()
    assert page.index("Regelverk og handlingsrom") < page.index("Medisinsk utstyr")


def test_list_shows_update_link_only_for_own_measures(client, cast, listing):
    client.force_login(cast["dmp_rep"])
    page = client.get("/measures/").content.decode()
    assert f"/measures/{listing['b'].pk}/update/" in page
    assert f"/measures/{listing['a'].pk}/update/" not in page


def test_csv_export_follows_the_filter(client, cast, listing):
    client.force_login(cast["dmp_rep"])
    response = client.get("/measures/export.csv?kind=tiltak")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][1] == listing["b"].number
    assert rows[1][6] == "DMP"


def test_csv_export_neutralises_spreadsheet_formulas(client, cast, agencies):
    MeasureFactory(title='=HYPERLINK("http://x")', area="+47 område", owned_by=agencies["HDIR"])
    client.force_login(cast["dmp_rep"])
    response = client.get("/measures/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][5] == '\'=HYPERLINK("http://x")'
    assert rows[1][3] == "'+47 område"


def test_export_link_carries_the_filter(client, cast, listing):
    client.force_login(cast["dmp_rep"])
    page = client.get("/measures/?kind=tiltak&priority=2").content.decode()
    assert "/measures/export.csv?kind=tiltak&amp;priority=2" in page


def test_list_shows_owners_lead_first_then_by_name_short_names_preferred(client, cast, agencies):
    measure = MeasureFactory(owned_by=agencies["DMP"], title="Eierskap")
    short = AgencyFactory(code="ZZZ", name="Zulu-etaten", short_name="Aa-etaten")
    MeasureOwner.objects.create(measure=measure, agency=short, is_lead=False)
    MeasureOwner.objects.create(measure=measure, agency=agencies["HDIR"], is_lead=False)
    client.force_login(cast["secretariat"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/measures/").content.decode()
    assert (
        '<td data-label="Owners">Direktoratet for medisinske produkter (lead), '
        "Helsedirektoratet, Aa-etaten</td>"
    ) in page


def test_list_reads_no_column_it_does_not_show(client, cast, agencies, listing):
    """A measure's long texts, its merge target and an agency's aliases (JSON) were loaded for
    every row and never shown: a tenth of what a cold list cost."""
    client.force_login(cast["secretariat"])
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/measures/").content.decode()
    assert "Kompetansenettverk" in page
    signed_in = ('FROM "django_session"', 'FROM "kiraad_user"')  # the session and the user
    sql = " ".join(
        query["sql"]
        for query in ctx.captured_queries
        if not any(part in query["sql"] for part in signed_in)
    )
    for column in ('"description"', '"source_text"', '"outcome_note"', '"aliases"'):
        assert column not in sql
    assert "merged_into" not in sql


def test_pagination(client, cast, agencies):
    MeasureFactory.create_batch(55)
    client.force_login(cast["dmp_rep"])
    first = client.get("/measures/").content.decode()
    assert "page=2" in first
    second = client.get("/measures/?page=2")
    assert second.status_code == 200


# --- detail ---------------------------------------------------------------------------------


def test_detail_shows_owners_timeline_merge_and_agenda(client, cast, agencies, hdir_measure):
    # A published meeting: a draft's agenda is the secretariat's (the trace hides it).
    item = AgendaItemFactory(
        title="Orientering om handlingsrom", meeting__status=Meeting.Status.AGENDA_PUBLISHED
    )
    hdir_measure.agenda_items.add(item)
    folded = MeasureFactory(
        owned_by=agencies["HDIR"],
        title="Veiledning om helsedata",
        merged_into=hdir_measure,
        status=Status.MERGED,
    )
    measure_post_status(
        measure=hdir_measure,
        author=cast["hdir_rep"],
        based_on=None,
        data=StatusData(
            status=Status.IN_PROGRESS,
            progress=20,
            health=Health.ON_TRACK,
            done="Kartlegging startet",
        ),
    )
    client.force_login(cast["dmp_rep"])
    page = client.get(f"/measures/{hdir_measure.pk}/").content.decode()
    assert "Kartlegging startet" in page
    assert "Orientering om handlingsrom" in page
    assert folded.title in page
    assert f"/measures/{hdir_measure.pk}/update/" not in page  # not for another agency
    page = client.get(f"/measures/{folded.pk}/").content.decode()
    assert hdir_measure.title in page


# --- query counts -----------------------------------------------------------------------------


def test_htmx_request_gets_only_the_table(client, cast, listing):
    client.force_login(cast["dmp_rep"])
    response = client.get("/measures/?kind=tiltak", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Medisinsk utstyr" in page
    assert "<html" not in page


def test_column_headers_sort_and_keep_the_filter(client, cast, listing):
    client.force_login(cast["dmp_rep"])
    page = client.get("/measures/?kind=tiltak&sort=title").content.decode()
    assert 'href="?kind=tiltak&amp;sort=-title"' in page  # the sorted column flips
    assert 'aria-sort="ascending"' in page
    assert 'href="?kind=tiltak&amp;sort=priority"' in page


def test_detail_history_shows_owner_changes_with_reason(client, cast, agencies, hdir_measure):
    from measures.services import OwnerData, measure_set_owners

    measure_set_owners(
        measure=hdir_measure,
        owners=OwnerData(lead=agencies["DMP"]),
        by=cast["secretariat"],
        reason="Ansvaret flyttet til DMP",
    )
    client.force_login(cast["hdir_rep"])
    page = client.get(f"/measures/{hdir_measure.pk}/").content.decode()
    assert "Ansvaret flyttet til DMP" in page
    assert "Direktoratet for medisinske produkter" in page


def test_milestone_of_another_measure_is_404(client, cast, hdir_measure, dmp_measure):
    milestone = _milestone(dmp_measure)
    client.force_login(cast["secretariat"])
    url = f"/measures/{hdir_measure.pk}/milestones/{milestone.pk}/edit/"
    assert client.get(url).status_code == 404


def test_the_filter_form_preselects_no_priority(client, cast):
    client.force_login(cast["hdir_rep"])
    page = client.get("/measures/")
    form = page.context["filter"].form
    assert form["priority"].value() in (None, "")
    assert '<option value="" selected>' in str(form["priority"])
