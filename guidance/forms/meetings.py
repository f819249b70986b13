"""Guidance meetings with a community."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guidance.models import GuidanceMeeting, Phase, RegulatoryArea
from guidance.services.meetings import MeetingData
from kiraad.form_fields import FreeText
from kiraad.models import Agency


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    community = forms.CharField(label=_("Community"), max_length=300)
    status = forms.ChoiceField(label=_("Status"), choices=GuidanceMeeting.Status.choices)
    held_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    phase = forms.ChoiceField(
        label=_("Phase of the AI work"), choices=[("", "—"), *Phase.choices], required=False
    )
    invited_agencies = forms.ModelMultipleChoiceField(
        label=_("Invited agencies"),
        queryset=Agency.objects.current().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Regulatory areas"),
        queryset=RegulatoryArea.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision_makers = FreeText(
        label=_("Decision-makers present"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    topics = FreeText(
        label=_("Topics and regulations covered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    summary = FreeText(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    follow_ups = FreeText(
        label=_("Follow-ups"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    unclear_rules = FreeText(
        label=_("Rules that proved unclear"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def to_data(self) -> MeetingData:
        d = self.cleaned_data
        return MeetingData(
            title=d["title"],
            community=d["community"],
            status=d["status"],
            held_on=d["held_on"],
            phase=d["phase"],
            invited_agencies=list(d["invited_agencies"]),
            areas=list(d["areas"]),
            decision_makers=d["decision_makers"],
            topics=d["topics"],
            summary=d["summary"],
            follow_ups=d["follow_ups"],
            unclear_rules=d["unclear_rules"],
        )
