"""A request's handling by the secretariat and the agencies: triage, areas, assignment, due
dates, notes, drafts, the joint answer, confirming, closing and anonymising."""

import datetime
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from guidance.models import RegulatoryArea
from guidance.services.assignment import TriageDecision
from kiraad.models import Agency


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (TriageDecision.ACCEPT, _("accept")),
            (TriageDecision.REJECT, _("reject")),
            (TriageDecision.REFER, _("refer elsewhere")),
            (TriageDecision.DECLINE, _("decline for capacity (forvaltningsloven § 11)")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the requester sees it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    referred_to = forms.CharField(label=_("Referred to"), required=False, max_length=300)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        decision = data.get("decision")
        refusing = decision in (TriageDecision.REJECT, TriageDecision.DECLINE)
        if refusing and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason the requester will see."))
        if decision == TriageDecision.REFER and not data.get("referred_to", "").strip():
            self.add_error("referred_to", _("Name where the request is referred."))
        return data


class AreasForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=_("Regulatory areas"),
        queryset=RegulatoryArea.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _agencies():
    return Agency.objects.current().order_by("name")


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(label=_("Lead agency"), queryset=_agencies())
    contributors = forms.ModelMultipleChoiceField(
        label=_("Contributing agencies"),
        queryset=_agencies(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = _agencies()
        cast(forms.ModelChoiceField, self.fields["contributors"]).queryset = _agencies()


class DueDateForm(forms.Form):
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class OfferMeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Proposed date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (never shown to the requester)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DraftForm(forms.Form):
    draft = forms.CharField(
        label=_("Our part of the answer"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AnswerForm(forms.Form):
    answer_text = forms.CharField(
        label=_("Joint answer"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    answer_normative = forms.BooleanField(
        label=_("The answer is normative (a product of the responsible agency)"), required=False
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"))


class CloseForm(forms.Form):
    unclear_rules = forms.CharField(
        label=_("Rules that proved unclear"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnonymiseForm(forms.Form):
    reason = forms.CharField(label=_("Why anonymise now?"), max_length=500)
    confirm = forms.BooleanField(
        label=_("I understand that the requester's personal data is removed for good")
    )


def initial_due_date(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=21)
