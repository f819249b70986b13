"""Input forms of the network app; each returns a dataclass for its service."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kiraad.form_fields import FreeText
from kiraad.models import Agency, AgendaItem, ContentLanguage, Meeting
from network.models import (
    AIDeployment,
    DeploymentExperience,
    EscalationCategory,
    EscalationLevel,
    Network,
    Priority,
)
from network.services import DeploymentData, EscalationData, ExperienceData, ResponseData

REPORT_KIND = "report"
SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


def _score(label, help_text) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )


class ScoresMixin(forms.Form):
    severity = _score(
        _("Severity (alvorlighet)"),
        _("1 = minor inconvenience, 5 = risk to patient safety or of unlawful practice."),
    )
    resources = _score(
        _("Resources (ressurser)"),
        _("1 = little effort to resolve, 5 = very large effort or cost."),
    )
    benefit = _score(
        _("Benefit (nytte)"),
        _("1 = small gain, 5 = large gain for patients or many health trusts."),
    )


class EscalationForm(ScoresMixin, forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    description = FreeText(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))
    category = forms.ModelChoiceField(
        label=_("Category"),
        # Use, benefit and cost are reported to the register, not escalated.
        queryset=EscalationCategory.objects.exclude(kind=REPORT_KIND),
    )
    target_level = forms.ModelChoiceField(
        label=_("Level asked for"), queryset=EscalationLevel.objects.all(), required=False
    )
    field_order = [
        "network",
        "title",
        "description",
        "category",
        "severity",
        "resources",
        "benefit",
        "target_level",
    ]

    def __init__(self, *args, networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["network"]).queryset = Network.objects.filter(
            pk__in=[n.pk for n in networks]
        )
        if len(networks) == 1:
            self.fields["network"].initial = networks[0].pk
            self.fields["network"].widget = forms.HiddenInput()

    def to_data(self) -> EscalationData:
        data = self.cleaned_data
        return EscalationData(
            title=data["title"],
            description=data["description"],
            category=data["category"],
            severity=data["severity"],
            resources=data["resources"],
            benefit=data["benefit"],
            target_level=data["target_level"],
        )


class EscalationEditForm(EscalationForm):
    """The same fields without the network, which does not change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["network"]


class AssessmentForm(ScoresMixin, forms.Form):
    prefix = "assess"
    assessment = FreeText(
        label=_("Joint assessment"),
        help_text=_("The secretariat's and the council's assessment, written beside the scores."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    target_level = forms.ModelChoiceField(
        label=_("Target level"), queryset=EscalationLevel.objects.all(), required=False
    )
    field_order = ["assessment", "severity", "resources", "benefit", "target_level"]


class OverrideForm(forms.Form):
    prefix = "override"
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("Use the computed priority")), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = FreeText(
        label=_("Reason"),
        help_text=_("Required. Saved with the escalation and in its history."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgendaForm(forms.Form):
    prefix = "agenda"
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind of item"),
        choices=[
            (AgendaItem.Kind.ADVICE, AgendaItem.Kind.ADVICE.label),
            (AgendaItem.Kind.DISCUSSION, AgendaItem.Kind.DISCUSSION.label),
            (AgendaItem.Kind.INFORMATION, AgendaItem.Kind.INFORMATION.label),
        ],
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = meetings


class ResponseForm(forms.Form):
    prefix = "response"
    council_response = FreeText(
        label=_("The council's response"), widget=forms.Textarea(attrs={"rows": 5})
    )
    answer_normative = forms.BooleanField(
        label=_("The answer is normative (a product of the responsible agency)"),
        help_text=_("Leave unticked for advice only. Advice from the network is never normative."),
        required=False,
    )
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency"),
        queryset=Agency.objects.current().exclude(kind=Agency.Kind.NETWORK),
        required=False,
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("answer_normative") and not data.get("responsible_agency"):
            self.add_error(
                "responsible_agency", _("A normative answer names the responsible agency.")
            )
        return data

    def to_data(self) -> ResponseData:
        data = self.cleaned_data
        return ResponseData(
            council_response=data["council_response"],
            answer_normative=data["answer_normative"],
            responsible_agency=data["responsible_agency"],
        )


class CloseForm(forms.Form):
    prefix = "close"
    reason = forms.CharField(label=_("Reason for closing"), max_length=500)


class DeploymentForm(forms.Form):
    system = forms.CharField(label=_("System"), max_length=200)
    vendor = forms.CharField(label=_("Vendor"), max_length=200, required=False)
    health_trust = forms.CharField(label=_("Health trust"), max_length=200)
    region = forms.ChoiceField(label=_("Region"), choices=AIDeployment.Region.choices)
    clinical_area = forms.ChoiceField(
        label=_("Clinical area"), choices=AIDeployment.ClinicalArea.choices
    )
    intended_use = FreeText(label=_("Intended use"), widget=forms.Textarea(attrs={"rows": 3}))
    intended_use_statement = FreeText(
        label=_("Intended-use statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The manufacturer's intended purpose, as stated in the documentation."),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=ContentLanguage.choices,
        initial=ContentLanguage.NB,
        required=False,
        help_text=_("Pages mark the text with its language, for screen readers."),
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=AIDeployment.Phase.choices,
        help_text=_("Report at the latest when implementation is decided."),
    )
    regulatory_status = forms.ChoiceField(
        label=_("CE marking / regulatory status"), choices=AIDeployment.RegulatoryStatus.choices
    )
    mdr_risk_class = forms.ChoiceField(
        label=_("MDR risk class"),
        choices=[("", "–"), *AIDeployment.RiskClass.choices],
        required=False,
    )
    parent = forms.ModelChoiceField(
        label=_("Platform"),
        queryset=AIDeployment.objects.order_by("system").only("id", "system", "health_trust"),
        required=False,
        help_text=_("The platform that hosts this model, if any."),
    )
    benefit_notes = FreeText(
        label=_("Benefit notes (internal)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost_notes = FreeText(
        label=_("Cost notes (internal)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_name = forms.CharField(label=_("Contact (internal)"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail (internal)"), required=False)
    internal_note = FreeText(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, exclude_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        if exclude_pk is not None:
            parent = cast(forms.ModelChoiceField, self.fields["parent"])
            if parent.queryset is not None:
                parent.queryset = parent.queryset.exclude(pk=exclude_pk)

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or ContentLanguage.NB

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("regulatory_status") in ("ce_mdr", "ce_mdd", "in_assessment") and not data.get(
            "mdr_risk_class"
        ):
            self.add_error("mdr_risk_class", _("Give the risk class of a medical device."))
        probe = AIDeployment(
            regulatory_status=data.get("regulatory_status") or "",
            mdr_risk_class=data.get("mdr_risk_class") or "",
        )
        if (contradiction := probe.contradiction()) and "mdr_risk_class" not in self.errors:
            self.add_error("mdr_risk_class", contradiction)
        return data

    def to_data(self) -> DeploymentData:
        return DeploymentData(**{name: self.cleaned_data[name] for name in self.fields})

    @staticmethod
    def initial_from(deployment: AIDeployment) -> dict:
        initial = {name: getattr(deployment, name) for name in DeploymentForm.base_fields}
        initial["parent"] = deployment.parent_id
        return initial


class WithdrawForm(forms.Form):
    prefix = "withdraw"
    reason = forms.CharField(
        label=_("Public reason for withdrawing"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExperienceForm(forms.Form):
    prefix = "experience"
    kind = forms.ChoiceField(label=_("Kind"), choices=DeploymentExperience.Kind.choices)
    period = forms.CharField(label=_("Period"), max_length=100, required=False)
    summary = FreeText(label=_("Experience"), widget=forms.Textarea(attrs={"rows": 4}))
    benefit_realisation_plan = FreeText(
        label=_("Benefit realisation plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cost_establishment = FreeText(
        label=_("Cost of establishment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cost_operation = FreeText(
        label=_("Cost of operation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def to_data(self) -> ExperienceData:
        return ExperienceData(**{name: self.cleaned_data[name] for name in self.fields})
