"""Each access function, one assertion per branch."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from network import access
from tests.network.factories import DeploymentFactory


def test_access_escalation_branches(cast, escalation):
    with pytest.raises(Http404):
        access.access_escalation(AnonymousUser(), escalation.pk)
    with pytest.raises(Http404):
        access.access_escalation(cast["secretariat"], 999999)
    assert access.access_escalation(cast["dmp_rep"], escalation.pk) == escalation
    with pytest.raises(PermissionDenied):
        access.access_escalation(cast["dmp_rep"], escalation.pk, action="change")
    assert access.access_escalation(cast["kin_coordinator"], escalation.pk, action="change")
    assert access.access_escalation(cast["secretariat"], escalation.pk, action="change")
    with pytest.raises(PermissionDenied):
        access.access_escalation(cast["kin_coordinator"], escalation.pk, action="triage")
    assert access.access_escalation(cast["secretariat"], escalation.pk, action="triage")
    assert access.access_escalation(cast["admin"], escalation.pk, action="triage")
    with pytest.raises(ValueError, match="delete"):
        access.access_escalation(cast["secretariat"], escalation.pk, action="delete")


def test_who_may_raise(cast, kin):
    assert access.user_networks(cast["kin_coordinator"]) == [kin]
    assert access.user_networks(cast["secretariat"]) == [kin]
    assert access.user_networks(cast["dmp_rep"]) == []
    assert access.user_networks(AnonymousUser()) == []
    with pytest.raises(PermissionDenied):
        access.require_escalation_create(cast["hdir_rep"])


def test_access_deployment_branches(cast, hso_rep, hso, agencies):
    own = DeploymentFactory(reporting_agency=hso)
    other = DeploymentFactory(reporting_agency=agencies["DMP"])
    with pytest.raises(Http404):
        access.access_deployment(AnonymousUser(), own.pk)
    with pytest.raises(Http404):
        access.access_deployment(cast["secretariat"], 999999)
    assert access.access_deployment(cast["dmp_rep"], own.pk) == own
    with pytest.raises(PermissionDenied):
        access.access_deployment(cast["dmp_rep"], own.pk, action="change")
    assert access.access_deployment(hso_rep, own.pk, action="change") == own
    with pytest.raises(PermissionDenied):
        access.access_deployment(hso_rep, other.pk, action="change")
    assert access.access_deployment(cast["kin_coordinator"], other.pk, action="change")
    assert access.access_deployment(cast["secretariat"], other.pk, action="change")


def test_who_may_report(cast, hso_rep):
    assert access.can_report_deployment(hso_rep)
    assert access.can_report_deployment(cast["kin_coordinator"])
    assert access.can_report_deployment(cast["secretariat"])
    assert not access.can_report_deployment(cast["dmp_rep"])
    assert not access.can_report_deployment(cast["hdir_rep"])
    assert not access.can_report_deployment(AnonymousUser())


def test_drafts_of_another_network_are_not_found(cast, escalation):
    escalation.status = "draft"
    escalation.save()
    with pytest.raises(Http404):
        access.access_escalation(cast["dmp_rep"], escalation.pk)
    assert access.access_escalation(cast["kin_coordinator"], escalation.pk) == escalation
    assert access.access_escalation(cast["secretariat"], escalation.pk) == escalation


def test_escalation_scope(cast, escalation):
    from network.models import Escalation

    escalation.status = "draft"
    escalation.save()
    assert not Escalation.objects.filter(access.escalation_scope(cast["dmp_rep"])).exists()
    assert Escalation.objects.filter(access.escalation_scope(cast["kin_coordinator"])).exists()
    assert Escalation.objects.filter(access.escalation_scope(cast["secretariat"])).exists()
