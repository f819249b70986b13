"""Guidance that is needed but missing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guidance.models import Phase, RegulatoryArea
from guidance.services.gaps import GapData
from kiraad.form_fields import FreeText
from kiraad.models import Agency


class GapForm(forms.Form):
    title = forms.CharField(label=_("What guidance is missing?"), max_length=300)
    description = FreeText(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.ModelChoiceField(
        label=_("Regulatory area"),
        queryset=RegulatoryArea.objects.order_by("order", "name"),
        required=False,
    )
    phase = forms.ChoiceField(
        label=_("Phase of the AI work"), choices=[("", "—"), *Phase.choices], required=False
    )
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency (empty: the area's agency today)"),
        queryset=Agency.objects.current().order_by("name"),
        required=False,
    )

    def to_data(self) -> GapData:
        d = self.cleaned_data
        return GapData(
            title=d["title"],
            description=d["description"],
            area=d["area"],
            phase=d["phase"],
            responsible_agency=d["responsible_agency"],
        )
