"""The order form for status reports."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiraad.models import Commission


@dataclass
class ReportOrderData:
    title: str
    period_start: dt.date
    period_end: dt.date
    as_of: dt.datetime
    commissions: list


class ReportOrderForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    period_start = forms.DateField(
        label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"})
    )
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))
    commissions = forms.ModelMultipleChoiceField(
        label=_("Commissions answered"),
        queryset=Commission.objects.order_by("reference"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        start, end, as_of = data.get("period_start"), data.get("period_end"), data.get("as_of")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end on or after its start."))
        if as_of and as_of > timezone.localdate():
            self.add_error("as_of", _("The as-of date cannot be in the future."))
        return data

    def to_data(self) -> ReportOrderData:
        d = self.cleaned_data
        as_of_date = d["as_of"]
        end_of_day = timezone.make_aware(dt.datetime.combine(as_of_date, dt.time(23, 59, 59)))
        return ReportOrderData(
            title=d["title"],
            period_start=d["period_start"],
            period_end=d["period_end"],
            as_of=min(end_of_day, timezone.now()),
            commissions=list(d["commissions"]),
        )
