"""Who may see or change what in the network app. Role predicates come from kiraad.access.

- Escalations: every signed-in user reads them; the network's coordinators create and edit
  them (their own network's, until the council takes them up); only the secretariat assesses,
  overrides, puts on the agenda, records the answer, sends back and closes.
- The register of AI systems: every signed-in user reads the internal register; coordinators,
  the regional health authorities' representatives and the secretariat report systems; an entry
  is changed (and experience added) by the secretariat, coordinators, or the representatives of
  the agency that reported it. The public sees only the public tier (network.selectors).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kiraad.access import (
    AnyUser,
    agency_id_of,
    is_agency_representative,
    is_network_coordinator,
    is_secretariat,
)
from kiraad.models import Agency
from network import selectors
from network.models import AIDeployment, Escalation, Network

ESCALATION_ACTIONS = ("view", "change", "triage")
DEPLOYMENT_ACTIONS = ("view", "change")


def _coordinator_of(user: AnyUser, network: Network) -> bool:
    return (
        is_network_coordinator(user)
        and network.agency_id is not None
        and network.agency_id == agency_id_of(user)
    )


def user_networks(user: AnyUser) -> list[Network]:
    """The networks the user may raise escalations for."""
    if is_secretariat(user):
        return list(Network.objects.all())
    if is_network_coordinator(user) and (agency_id := agency_id_of(user)):
        return list(Network.objects.filter(agency_id=agency_id))
    return []


def can_create_escalation(user: AnyUser) -> bool:
    """Coordinators of a network and the secretariat raise escalations."""
    return bool(user_networks(user))


def can_change_escalation(user: AnyUser, escalation: Escalation) -> bool:
    """The secretariat, or a coordinator of the escalation's network."""
    if is_secretariat(user):
        return True
    return _coordinator_of(user, escalation.network)


def can_triage_escalation(user: AnyUser) -> bool:
    """Assessment, override, agenda, answer and send-back are the secretariat's."""
    return is_secretariat(user)


def escalation_scope(user: AnyUser) -> Q:
    """Which escalations the user may list: drafts only for their network and the secretariat."""
    if is_secretariat(user):
        return Q()
    not_draft = ~Q(status=Escalation.Status.DRAFT)
    if is_network_coordinator(user) and (agency_id := agency_id_of(user)):
        return not_draft | Q(network__agency_id=agency_id)
    return not_draft


def access_escalation(user: AnyUser, pk: int, *, action: str = "view") -> Escalation:
    """The escalation `pk` if `user` may `action` it: 404 if missing (or a draft of another
    network), 403 if visible but not allowed."""
    if action not in ESCALATION_ACTIONS:
        raise ValueError(action)
    if not user.is_authenticated:
        raise Http404
    escalation = selectors.escalation_get(pk=pk)
    if escalation is None:
        raise Http404
    if escalation.status == Escalation.Status.DRAFT and not can_change_escalation(user, escalation):
        raise Http404
    if action == "change" and not can_change_escalation(user, escalation):
        raise PermissionDenied
    if action == "triage" and not can_triage_escalation(user):
        raise PermissionDenied
    return escalation


def require_escalation_create(user: AnyUser) -> list[Network]:
    """The networks the user may raise for; 403 if none."""
    networks = user_networks(user)
    if not networks:
        raise PermissionDenied
    return networks


def is_health_trust_representative(user: AnyUser) -> bool:
    """A representative of a regional health authority (RHF)."""
    agency_id = agency_id_of(user)
    if agency_id is None or not is_agency_representative(user):
        return False
    return Agency.objects.filter(pk=agency_id, kind=Agency.Kind.REGIONAL_HEALTH_AUTHORITY).exists()


def can_report_deployment(user: AnyUser) -> bool:
    """Coordinators, the RHFs' representatives and the secretariat report AI systems."""
    return (
        is_secretariat(user) or is_network_coordinator(user) or is_health_trust_representative(user)
    )


def can_change_deployment(user: AnyUser, deployment: AIDeployment) -> bool:
    """The secretariat, a coordinator, or a representative of the RHF that reported it."""
    if is_secretariat(user) or is_network_coordinator(user):
        return True
    return (
        is_health_trust_representative(user)
        and deployment.reporting_agency_id is not None
        and deployment.reporting_agency_id == agency_id_of(user)
    )


def can_review_deployment(user: AnyUser) -> bool:
    """The review right: the secretariat and the network's coordinators publish and withdraw
    register entries (never their own: the service checks the four eyes)."""
    return is_secretariat(user) or is_network_coordinator(user)


def require_deployment_review(user: AnyUser) -> None:
    """403 without the review right."""
    if not can_review_deployment(user):
        raise PermissionDenied


def require_deployment_report(user: AnyUser) -> None:
    """403 unless the user may report AI systems."""
    if not can_report_deployment(user):
        raise PermissionDenied


def access_deployment(user: AnyUser, pk: int, *, action: str = "view") -> AIDeployment:
    """A register entry, internal view: 404 if missing, 403 if it may not be changed."""
    if action not in DEPLOYMENT_ACTIONS:
        raise ValueError(action)
    if not user.is_authenticated:
        raise Http404
    deployment = selectors.deployment_get(pk=pk)
    if deployment is None:
        raise Http404
    if action == "change" and not can_change_deployment(user, deployment):
        raise PermissionDenied
    return deployment
