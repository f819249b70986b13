"""The measure list's filters. Applied in measures.selectors, never in views."""

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from kiraad.models import Agency
from measures.models import Health, Measure, MeasureOwner, Plan, Status

PRIORITY_CHOICES = [(1, "1"), (2, "2"), (3, "3")]

# sort parameter → ordering; «-» in the value sorts descending.
SORTS = {
    "number": ("plan__year", "plan__key", "order", "number"),
    "priority": ("priority", "plan__key", "order"),
    "title": ("title",),
    "status": ("status", "plan__key", "order"),
    "health": ("health", "plan__key", "order"),
    "progress": ("progress", "plan__key", "order"),
    "due": ("due_date", "plan__key", "order"),
    "updated": ("latest_update__created_at", "plan__key", "order"),
}
SORT_LABELS = {
    "number": _("number"),
    "priority": _("priority"),
    "title": _("title"),
    "status": _("status"),
    "health": _("health"),
    "progress": _("progress"),
    "due": _("due date"),
    "updated": _("last updated"),
}


def _sort_choices() -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = []
    for key, label in SORT_LABELS.items():
        choices.append((key, str(label)))
        choices.append((f"-{key}", _("%(field)s, descending") % {"field": label}))
    return choices


class MeasureFilter(django_filters.FilterSet):
    """Filter state lives in the URL (GET), so a filtered list can be shared and bookmarked."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    # The choices load what their labels show (str() of a plan or an agency), not the long
    # texts or an agency's aliases (JSON, decoded per row), on every list page.
    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"),
        queryset=Plan.objects.only("title", "short_name").order_by("year", "key"),
    )
    # ChoiceFilter adds the empty «all» choice; TypedChoiceFilter would preselect priority 1.
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=PRIORITY_CHOICES)
    area = django_filters.ChoiceFilter(label=_("Area"), choices=[])
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"),
        # EXISTS reads the owner index; a join with DISTINCT read every ownership row.
        queryset=Agency.objects.filter(Exists(MeasureOwner.objects.filter(agency=OuterRef("pk"))))
        .only("name")
        .order_by("name"),
        method="filter_owner",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Measure.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    health = django_filters.ChoiceFilter(label=_("Health"), choices=Health.choices)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=_sort_choices, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Measure
        fields = ["q", "plan", "priority", "area", "owner", "kind", "status", "health", "sort"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = (
            Measure.objects.exclude(area="")
            .order_by("area")
            .values_list("area", flat=True)
            .distinct()
        )
        self.filters["area"].extra["choices"] = [(area, area) for area in areas]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(number__icontains=value)
            | Q(description__icontains=value)
            | Q(area__icontains=value)
        )

    def filter_owner(self, queryset, name, value):
        owned = MeasureOwner.objects.filter(agency=value).values("measure_id")
        return queryset.filter(pk__in=owned)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in measure_list, so it also works without the filter


def ordering_for(sort: str | None) -> tuple[str, ...]:
    key = (sort or "number").lstrip("-")
    fields = SORTS.get(key, SORTS["number"])
    if sort and sort.startswith("-"):
        return (f"-{fields[0]}", *fields[1:])
    return fields
