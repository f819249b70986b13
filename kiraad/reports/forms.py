"""The order form for a status report."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiraad.models import Commission


@dataclass(frozen=True)
class OrderData:
    period_start: datetime.date
    period_end: datetime.date
    as_of: datetime.date
    commissions: list[Commission] | None


class ReportOrderForm(forms.Form):
    period_start = forms.DateField(
        label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"})
    )
    as_of = forms.DateField(
        label=_("As of"),
        help_text=_("The report describes the state at the end of this day (at most today)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    commissions = forms.ModelMultipleChoiceField(
        label=_("Commissions answered"),
        help_text=_("None chosen: the commissions of the years in the period."),
        queryset=Commission.objects.order_by("-year", "reference"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The as-of date cannot be in the future."))
        return value

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end on or after its start."))
        return data

    def to_data(self) -> OrderData:
        d = self.cleaned_data
        return OrderData(
            period_start=d["period_start"],
            period_end=d["period_end"],
            as_of=d["as_of"],
            commissions=list(d["commissions"]) or None,
        )
