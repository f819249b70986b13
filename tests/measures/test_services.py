import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from kiraad.access import agency_group, objects_for_user, user_can
from kiraad.services import ServiceError, agency_dissolve
from measures.access import UPDATE, access_measure, updatable_measure_ids
from measures.models import (
    AppendOnlyError,
    Health,
    Measure,
    MeasureOwner,
    Status,
    StatusUpdate,
)
from measures.services import (
    OwnerData,
    StaleUpdate,
    StatusData,
    measure_merge,
    measure_post_status,
    measure_set_owners,
)
from tests.factories import AgencyFactory
from tests.history_helpers import reason_en
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db

DATA = StatusData(status=Status.IN_PROGRESS, progress=30, health=Health.ON_TRACK, done="Startet")


def test_post_status_makes_the_update_the_current_state(cast, hdir_measure):
    update = measure_post_status(
        measure=hdir_measure, author=cast["hdir_rep"], based_on=None, data=DATA
    )
    hdir_measure.refresh_from_db()
    assert hdir_measure.latest_update == update
    assert (hdir_measure.status, hdir_measure.progress, hdir_measure.health) == (
        Status.IN_PROGRESS,
        30,
        Health.ON_TRACK,
    )
    assert update.agency == cast["hdir_rep"].agency
    assert update.author == cast["hdir_rep"]
    record = hdir_measure.history.first()
    assert reason_en(record) == "status update"
    assert record.history_user == cast["hdir_rep"]


def test_second_writer_gets_stale_update_with_what_the_first_saved(cast, hdir_measure):
    first = measure_post_status(
        measure=hdir_measure, author=cast["hdir_rep"], based_on=None, data=DATA
    )
    with pytest.raises(StaleUpdate) as exc:
        measure_post_status(
            measure=hdir_measure,
            author=cast["secretariat"],
            based_on=None,
            data=StatusData(status=Status.PAUSED, progress=5, health=Health.AT_RISK),
        )
    assert exc.value.latest == first
    assert StatusUpdate.objects.filter(measure=hdir_measure).count() == 1


def test_update_based_on_the_latest_is_accepted(cast, hdir_measure):
    first = measure_post_status(
        measure=hdir_measure, author=cast["hdir_rep"], based_on=None, data=DATA
    )
    second = measure_post_status(
        measure=hdir_measure, author=cast["hdir_rep"], based_on=first.pk, data=DATA
    )
    hdir_measure.refresh_from_db()
    assert hdir_measure.latest_update == second


def test_merged_status_cannot_be_posted(cast, hdir_measure):
    with pytest.raises(ServiceError):
        measure_post_status(
            measure=hdir_measure,
            author=cast["hdir_rep"],
            based_on=None,
            data=StatusData(status=Status.MERGED, progress=0, health=Health.UNKNOWN),
        )


def test_status_updates_are_append_only(cast, hdir_measure):
    update = measure_post_status(
        measure=hdir_measure, author=cast["hdir_rep"], based_on=None, data=DATA
    )
    update.progress = 99
    with pytest.raises(AppendOnlyError):
        update.save()
    with pytest.raises(AppendOnlyError):
        update.delete()
    with pytest.raises(AppendOnlyError):
        StatusUpdate.objects.filter(pk=update.pk).update(progress=99)
    with pytest.raises(AppendOnlyError):
        StatusUpdate.objects.filter(pk=update.pk).delete()
    update.refresh_from_db()
    assert update.progress == 30


def test_owners_service_grants_and_revokes_agency_permissions(cast, agencies, hdir_measure):
    assert user_can(cast["hdir_rep"], "change_measure", hdir_measure)
    assert not user_can(cast["dmp_rep"], "change_measure", hdir_measure)

    measure_set_owners(
        measure=hdir_measure,
        owners=OwnerData(lead=agencies["DMP"]),
        by=cast["secretariat"],
        reason="moved",
    )
    assert not user_can(cast["hdir_rep"], "change_measure", hdir_measure)
    assert user_can(cast["dmp_rep"], "change_measure", hdir_measure)
    owners = list(hdir_measure.owners.values_list("agency__code", "is_lead"))
    assert owners == [("DMP", True)]
    deleted = MeasureOwner.history.filter(history_type="-").get()
    assert reason_en(deleted) == "moved"
    assert deleted.history_user == cast["secretariat"]


def test_joint_ownership_without_lead_and_lead_switch(cast, agencies, hdir_measure):
    measure_set_owners(
        measure=hdir_measure,
        owners=OwnerData(lead=None, co_owners=[agencies["HDIR"], agencies["DMP"]]),
        by=None,
        reason="joint",
    )
    assert set(hdir_measure.owners.values_list("agency__code", "is_lead")) == {
        ("HDIR", False),
        ("DMP", False),
    }
    measure_set_owners(
        measure=hdir_measure,
        owners=OwnerData(lead=agencies["DMP"], co_owners=[agencies["HDIR"]]),
        by=None,
        reason="lead",
    )
    assert set(hdir_measure.owners.values_list("agency__code", "is_lead")) == {
        ("HDIR", False),
        ("DMP", True),
    }
    assert user_can(cast["dmp_rep"], "change_measure", hdir_measure)
    assert user_can(cast["hdir_rep"], "change_measure", hdir_measure)


def test_at_most_one_lead_is_enforced_by_the_database(agencies, hdir_measure):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureOwner.objects.create(measure=hdir_measure, agency=agencies["DMP"], is_lead=True)


def test_owners_service_refuses_an_empty_owner_list(hdir_measure):
    with pytest.raises(ServiceError):
        measure_set_owners(measure=hdir_measure, owners=OwnerData(lead=None), by=None, reason="x")


def test_global_permission_does_not_widen_editability(cast, agencies, hdir_measure):
    group = agency_group(agencies["DMP"])
    group.permissions.add(Permission.objects.get(codename="change_measure"))
    dmp_rep = type(cast["dmp_rep"]).objects.get(pk=cast["dmp_rep"].pk)  # fresh perm cache
    assert hdir_measure.pk not in updatable_measure_ids(dmp_rep)
    assert not objects_for_user(dmp_rep, "change_measure", Measure).filter(pk=hdir_measure.pk)
    with pytest.raises(PermissionDenied):
        access_measure(dmp_rep, hdir_measure.pk, action=UPDATE)


def test_merge_into_another_measure_posts_a_merged_update(cast, hdir_measure, dmp_measure):
    measure_merge(
        measure=dmp_measure, into=hdir_measure, external="", by=cast["secretariat"], reason="fold"
    )
    dmp_measure.refresh_from_db()
    assert dmp_measure.merged_into == hdir_measure
    assert dmp_measure.status == Status.MERGED
    assert dmp_measure.latest_update.status == Status.MERGED
    assert list(hdir_measure.merged_measures.all()) == [dmp_measure]


def test_merge_into_external_work(cast, hdir_measure):
    name = "Finansieringsprosjektet i Program NHSP (Hdir)"
    measure_merge(measure=hdir_measure, into=None, external=name, by=None, reason="fold")
    hdir_measure.refresh_from_db()
    assert hdir_measure.merged_into_external == name
    assert hdir_measure.status == Status.MERGED


@pytest.mark.parametrize("case", ["self", "both", "neither", "cycle"])
def test_merge_refuses_bad_targets(cast, hdir_measure, dmp_measure, case):
    if case == "cycle":
        measure_merge(measure=dmp_measure, into=hdir_measure, external="", by=None, reason="x")
        args = {"measure": hdir_measure, "into": dmp_measure, "external": ""}
    else:
        args = {
            "self": {"measure": hdir_measure, "into": hdir_measure, "external": ""},
            "both": {"measure": hdir_measure, "into": dmp_measure, "external": "X"},
            "neither": {"measure": hdir_measure, "into": None, "external": " "},
        }[case]
    with pytest.raises(ServiceError):
        measure_merge(**args, by=None, reason="x")
    hdir_measure.refresh_from_db()
    assert hdir_measure.status == Status.NOT_STARTED


def test_dissolution_moves_open_measures_and_permissions_to_successor(cast, agencies):
    ehelse = AgencyFactory(code="E-HELSE", name="Direktoratet for e-helse")
    hdir = agencies["HDIR"]
    sole = MeasureFactory(owned_by=ehelse)
    joint = MeasureFactory(owned_by=[hdir, ehelse])
    done = MeasureFactory(owned_by=ehelse)
    measure_post_status(
        measure=done,
        author=cast["secretariat"],
        based_on=None,
        data=StatusData(status=Status.COMPLETED, progress=100, health=Health.ON_TRACK),
    )
    report = agency_dissolve(
        agency=ehelse,
        successor=hdir,
        on=datetime.date(2024, 1, 1),
        change_kind="merger",
        by=cast["secretariat"],
        reason="E-helse merged into HDIR",
    )
    assert report.moved_by_apps["measures"] == 2
    assert list(sole.owners.values_list("agency__code", "is_lead")) == [("HDIR", True)]
    assert list(joint.owners.values_list("agency__code", flat=True)) == ["HDIR"]
    assert list(done.owners.values_list("agency__code", flat=True)) == ["E-HELSE"]
    assert user_can(cast["hdir_rep"], "change_measure", sole)
    assert (
        not agency_group(ehelse)
        .measuregroupobjectpermission_set.filter(content_object__in=[sole, joint])
        .exists()
    )
    record = MeasureOwner.history.filter(measure_id=sole.pk, history_type="+").latest(
        "history_date"
    )
    assert reason_en(record) == "E-helse merged into HDIR"


def test_based_on_an_update_that_is_not_the_latest_is_stale(cast, hdir_measure):
    with pytest.raises(StaleUpdate) as exc:
        measure_post_status(
            measure=hdir_measure, author=cast["hdir_rep"], based_on=12345, data=DATA
        )
    assert exc.value.latest is None
    assert not StatusUpdate.objects.exists()
