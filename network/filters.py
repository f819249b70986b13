"""List filters (django-filter), applied inside the selectors."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models import (
    AIDeployment,
    Escalation,
    EscalationCategory,
    EscalationLevel,
    Network,
    Priority,
)


class EscalationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Escalation.Status.choices)
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=EscalationCategory.objects.all()
    )
    target_level = django_filters.ModelChoiceFilter(
        label=_("Target level"), queryset=EscalationLevel.objects.all()
    )
    network = django_filters.ModelChoiceFilter(label=_("Network"), queryset=Network.objects.all())

    class Meta:
        model = Escalation
        fields = ["q", "status", "priority", "category", "target_level", "network"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class DeploymentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    region = django_filters.ChoiceFilter(label=_("Region"), choices=AIDeployment.Region.choices)
    clinical_area = django_filters.ChoiceFilter(
        label=_("Clinical area"), choices=AIDeployment.ClinicalArea.choices
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=AIDeployment.Phase.choices)
    regulatory_status = django_filters.ChoiceFilter(
        label=_("Regulatory status"), choices=AIDeployment.RegulatoryStatus.choices
    )
    mdr_risk_class = django_filters.ChoiceFilter(
        label=_("MDR risk class"), choices=AIDeployment.RiskClass.choices
    )

    class Meta:
        model = AIDeployment
        fields = ["q", "region", "clinical_area", "phase", "regulatory_status", "mdr_risk_class"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(system__icontains=value)
            | Q(vendor__icontains=value)
            | Q(health_trust__icontains=value)
            | Q(intended_use__icontains=value)
        )
