import datetime
import json
from pathlib import Path

import pytest

from kiraad.models import Commission
from measures.models import Measure, MeasureOwner, Milestone, Plan, ReportingRound, Status
from measures.seed import load_demo, load_seed
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
CODES = ["HDIR", "E-HELSE", "SLV", "HSØ", "HV", "HMN", "HN", "DMP"]


@pytest.fixture
def seed_agencies():
    return {code: AgencyFactory(code=code, name=code) for code in CODES}


def _snapshot():
    return (
        Plan.objects.count(),
        Measure.objects.count(),
        MeasureOwner.objects.count(),
        Milestone.objects.count(),
        Measure.history.count(),
        MeasureOwner.history.count(),
    )


def test_seed_loads_the_2020_plan_with_the_right_counts_and_is_idempotent(seed_agencies):
    Commission.objects.create(
        reference="TB 2021", year=2021, agency=seed_agencies["HDIR"], title="Anbefaling"
    )
    load_seed(data_dir=DATA, log=lambda _msg: None)
    first = _snapshot()
    load_seed(data_dir=DATA, log=lambda _msg: None)
    assert _snapshot() == first  # no duplicates, and no history churn

    fp = Measure.objects.filter(plan__key="FP2020")
    assert fp.count() == 16
    assert fp.filter(status=Status.MERGED).count() == 3
    assert fp.exclude(status=Status.MERGED).filter(status=Status.NOT_STARTED).count() == 13
    assert {p: fp.filter(priority=p).count() for p in (1, 2, 3)} == {1: 4, 2: 5, 3: 7}
    assert fp.filter(kind="tiltak").count() == 5
    assert fp.filter(kind="utredning").count() == 11
    assert set(fp.values_list("health", flat=True)) == {"unknown"}
    assert not fp.filter(latest_update__isnull=False).exists()

    sole = {}
    for measure in fp.prefetch_related("owners__agency"):
        owners = sorted(o.agency.code for o in measure.owners.all())
        if len(owners) == 1:
            sole[owners[0]] = sole.get(owners[0], 0) + 1
    assert sole == {"HDIR": 8, "E-HELSE": 5, "HSØ": 1}
    joint = fp.get(number="FP2020-10")
    assert sorted(joint.owners.values_list("agency__code", flat=True)) == ["E-HELSE", "HDIR", "SLV"]
    assert not joint.owners.filter(is_lead=True).exists()  # joint, no lead

    assert fp.get(number="FP2020-05").merged_into.number == "FP2020-02"
    assert fp.get(number="FP2020-06").merged_into.number == "FP2020-07"
    external = fp.get(number="FP2020-08")
    assert external.merged_into is None
    assert external.merged_into_external == "Finansieringsprosjektet i Program NHSP (Hdir)"

    recs = Measure.objects.filter(plan__key="ANB2021")
    assert recs.count() == 7
    assert set(recs.values_list("priority", flat=True)) == {None}
    pilot = recs.get(number="ANB2021-7").milestones.get(title__startswith="Oppstart")
    assert "pandemien" in pilot.indicative_deadline
    assert Plan.objects.get(key="ANB2021").commissions.get().reference == "TB 2021"


def test_seed_hands_dissolved_owners_measures_to_successors(seed_agencies):
    ehelse = seed_agencies["E-HELSE"]
    ehelse.successor, ehelse.dissolved_on = seed_agencies["HDIR"], datetime.date(2024, 1, 1)
    ehelse.save()
    slv = seed_agencies["SLV"]
    slv.successor, slv.dissolved_on = seed_agencies["DMP"], datetime.date(2024, 1, 1)
    slv.save()
    load_seed(data_dir=DATA, log=lambda _msg: None)
    load_seed(data_dir=DATA, log=lambda _msg: None)
    fp = Measure.objects.filter(plan__key="FP2020")
    assert not MeasureOwner.objects.filter(agency__code__in=["E-HELSE", "SLV"]).exists()
    assert sorted(fp.get(number="FP2020-10").owners.values_list("agency__code", flat=True)) == [
        "DMP",
        "HDIR",
    ]
    assert list(fp.get(number="FP2020-09").owners.values_list("agency__code", flat=True)) == [
        "HDIR"
    ]
    # The original owner stays in the history.
    assert MeasureOwner.history.filter(agency__code="E-HELSE").exists()


def test_demo_adds_rounds_and_updates_idempotently(seed_agencies):
    load_seed(data_dir=DATA, log=lambda _msg: None)
    UserFactory(username="sekretariat")
    load_demo(data_dir=DATA, log=lambda _msg: None)
    rounds, updated = (
        ReportingRound.objects.count(),
        Measure.objects.filter(latest_update__isnull=False).count(),
    )
    assert rounds == 4  # the previous round and the open one, per plan
    assert updated > 0
    load_demo(data_dir=DATA, log=lambda _msg: None)
    assert ReportingRound.objects.count() == rounds
    assert (
        Measure.objects.filter(latest_update__isnull=False).count() == updated
    )  # no measure gets a second round of demo updates


def test_seed_also_reads_fixture_style_records(tmp_path, seed_agencies):
    records = [
        {"model": "measures.plan", "pk": "FP2020", "fields": {"title": "Felles plan 2020"}},
        {
            "model": "measures.measure",
            "fields": {
                "plan": "FP2020",
                "number": "FP2020-08",
                "priority": 2,
                "area": "Finansiering",
                "kind": "utredning",
                "title": "Finansiering av nye måter å yte helsehjelp på, ved hjelp av KI",
                "owners": ["HDIR"],
                "status": "merged",
                "merged_into": None,
                "merged_into_external": "Finansieringsprosjektet i Program NHSP (Hdir)",
            },
        },
        {
            "model": "measures.milestone",
            "fields": {
                "measure": "FP2020-08",
                "title": "Oppstart",
                "condition": "når det er forsvarlig",
            },
        },
    ]
    (tmp_path / "plans.json").write_text(json.dumps(records), encoding="utf-8")
    load_seed(data_dir=tmp_path, log=lambda _msg: None)
    measure = Measure.objects.get(number="FP2020-08")
    assert measure.status == Status.MERGED
    assert measure.merged_into_external.startswith("Finansieringsprosjektet")
    assert measure.milestones.get().indicative_deadline == "når det er forsvarlig"
    assert list(measure.owners.values_list("agency__code", "is_lead")) == [("HDIR", True)]


REAL_SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed"


@pytest.mark.skipif(
    not (REAL_SEED / "plans.json").exists(), reason="fixtures/seed/plans.json not merged yet"
)
def test_real_seed_has_the_16_rows_of_the_2020_plan_and_loads_twice():
    from kiraad import registry

    def load_all():
        for load in registry.seed_loaders.providers():
            load(data_dir=REAL_SEED, log=lambda _msg: None)

    load_all()
    first = _snapshot()
    load_all()
    assert _snapshot() == first
    plan = next(p for p in Plan.objects.all() if p.measures.count() == 16)
    measures = plan.measures.all()
    assert {p: measures.filter(priority=p).count() for p in (1, 2, 3)} == {1: 4, 2: 5, 3: 7}
    assert measures.filter(status=Status.MERGED).count() == 3
    assert measures.filter(kind="tiltak").count() == 5
    assert not measures.filter(latest_update__isnull=False).exists()
