"""access_measure / access_plan, one assertion per branch."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from kiraad.access import agency_group
from measures.access import (
    MANAGE,
    UPDATE,
    access_measure,
    access_plan,
    can_post_update,
    updatable_measure_ids,
)
from measures.models import StatusUpdate
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def test_missing_measure_is_404_for_everyone(cast):
    with pytest.raises(Http404):
        access_measure(cast["secretariat"], 424242)


def test_anonymous_cannot_even_view(hdir_measure):
    with pytest.raises(PermissionDenied):
        access_measure(AnonymousUser(), hdir_measure.pk)


@pytest.mark.parametrize("who", ["secretariat", "hdir_rep", "dmp_rep", "kin_coordinator", "admin"])
def test_every_signed_in_user_views(cast, hdir_measure, who):
    assert access_measure(cast[who], hdir_measure.pk) == hdir_measure


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("secretariat", True),
        ("admin", True),
        ("hdir_rep", True),  # owning agency's representative
        ("dmp_rep", False),  # another agency
        ("kin_coordinator", False),  # not a representative
    ],
)
def test_update_branch(cast, hdir_measure, who, allowed):
    assert can_post_update(cast[who], hdir_measure) is allowed
    if allowed:
        assert access_measure(cast[who], hdir_measure.pk, action=UPDATE) == hdir_measure
    else:
        with pytest.raises(PermissionDenied):
            access_measure(cast[who], hdir_measure.pk, action=UPDATE)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("secretariat", True), ("admin", True), ("hdir_rep", False), ("dmp_rep", False)],
)
def test_manage_branch_is_secretariat_only(cast, hdir_measure, who, allowed):
    if allowed:
        assert access_measure(cast[who], hdir_measure.pk, action=MANAGE) == hdir_measure
        assert access_plan(cast[who], hdir_measure.plan_id, action=MANAGE) == hdir_measure.plan
    else:
        with pytest.raises(PermissionDenied):
            access_measure(cast[who], hdir_measure.pk, action=MANAGE)
        with pytest.raises(PermissionDenied):
            access_plan(cast[who], hdir_measure.plan_id, action=MANAGE)


def test_missing_plan_is_404(cast):
    with pytest.raises(Http404):
        access_plan(cast["secretariat"], 424242)


def test_updatable_ids_in_one_query_whatever_the_rows(cast, agencies):
    MeasureFactory.create_batch(5, owned_by=agencies["HDIR"])
    own = MeasureFactory(owned_by=agencies["DMP"])
    user = cast["dmp_rep"]
    with CaptureQueriesContext(connection) as few:
        assert updatable_measure_ids(user) == {own.pk}
    MeasureFactory.create_batch(20, owned_by=agencies["DMP"])
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as many:
        assert len(updatable_measure_ids(user)) == 21
    assert len(many) == len(few)
    assert updatable_measure_ids(cast["secretariat"]) is None
    assert updatable_measure_ids(cast["kin_coordinator"]) == set()


def test_global_grant_does_not_open_the_update_route(client, cast, agencies, hdir_measure):
    agency_group(agencies["DMP"]).permissions.add(Permission.objects.get(codename="change_measure"))
    client.force_login(cast["dmp_rep"])
    url = f"/measures/{hdir_measure.pk}/update/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"status": "in_progress", "progress": "5", "health": "on_track"})
    assert response.status_code == 403
    assert not StatusUpdate.objects.exists()
    page = client.get("/measures/").content.decode()
    assert url not in page


def test_user_can_decides_as_has_perm_in_one_query(cast, agencies, hdir_measure):
    from kiraad.access import user_can

    rep, other = cast["hdir_rep"], cast["dmp_rep"]
    for user in (rep, other, cast["admin"]):
        assert user_can(user, "change_measure", hdir_measure) == user.has_perm(
            "measures.change_measure", hdir_measure
        )
    with CaptureQueriesContext(connection) as ctx:
        assert user_can(rep, "change_measure", hdir_measure)
    assert len(ctx) == 1
    assert user_can(cast["admin"], "change_measure", hdir_measure)  # a superuser holds all
    assert not user_can(AnonymousUser(), "change_measure", hdir_measure)
    rep.is_active = False
    assert not user_can(rep, "change_measure", hdir_measure)
    assert not rep.has_perm("measures.change_measure", hdir_measure)


def test_measure_page_reads_the_measure_once(client, cast, hdir_measure):
    client.force_login(cast["hdir_rep"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/measures/{hdir_measure.pk}/").status_code == 200
    by_pk = f'WHERE "measures_measure"."id" = {hdir_measure.pk} LIMIT'
    reads = [q["sql"] for q in ctx if q["sql"].startswith("SELECT") and by_pk in q["sql"]]
    assert len(reads) == 1, reads


def test_owner_permissions_are_synced_in_the_same_queries_for_any_number_of_agencies(
    cast, agencies
):
    from kiraad.access import sync_agency_perms
    from tests.factories import AgencyFactory

    measure = MeasureFactory()
    perms = ["change_measure"]
    few = [agencies["HDIR"], agencies["DMP"]]
    many = [*few, *AgencyFactory.create_batch(6)]
    sync_agency_perms(measure, many, perms)  # make the groups once
    sync_agency_perms(measure, [], perms)
    with CaptureQueriesContext(connection) as with_few:
        sync_agency_perms(measure, few, perms)
    with CaptureQueriesContext(connection) as with_many:
        sync_agency_perms(measure, many, perms)
    assert len(with_many) == len(with_few)
    assert updatable_measure_ids(cast["dmp_rep"]) == {measure.pk}
    sync_agency_perms(measure, [agencies["HDIR"]], perms)  # DMP loses it, HDIR keeps it
    assert updatable_measure_ids(cast["dmp_rep"]) == set()
    assert updatable_measure_ids(cast["hdir_rep"]) == {measure.pk}
