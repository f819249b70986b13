"""Input forms of the measures app. Forms parse and validate; services write."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kiraad.form_fields import FreeText
from kiraad.models import Agency, Commission
from measures.models import Health, Measure, Milestone, Plan, Status
from measures.services import (
    STATUS_TEXT_MAX,
    MeasureData,
    MilestoneData,
    OwnerData,
    PlanData,
    RoundData,
    StatusData,
)

REPORTABLE_STATUSES = [choice for choice in Status.choices if choice[0] != Status.MERGED]
PRIORITY_CHOICES = [("", _("No priority")), ("1", "1"), ("2", "2"), ("3", "3")]


class StatusUpdateForm(forms.Form):
    """A status update. `based_on` is the latest update the author saw (optimistic lock)."""

    status = forms.ChoiceField(label=_("Status"), choices=REPORTABLE_STATUSES)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, help_text=_("0 to 100")
    )
    health = forms.ChoiceField(label=_("Health"), choices=Health.choices)
    done = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=STATUS_TEXT_MAX,
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=STATUS_TEXT_MAX,
    )
    blockers = forms.CharField(
        label=_("Blockers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=STATUS_TEXT_MAX,
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measure: Measure, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        initial = {
            "status": measure.status if measure.status != Status.MERGED else Status.NOT_STARTED,
            "progress": measure.progress,
            "health": measure.health,
            "based_on": measure.latest_update_id,
            **initial,
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("status") == Status.COMPLETED and cleaned.get("progress") not in (None, 100):
            self.add_error("progress", _("A completed measure has progress 100 %."))
        return cleaned

    def to_data(self) -> StatusData:
        data = self.cleaned_data
        return StatusData(
            status=data["status"],
            progress=data["progress"],
            health=data["health"],
            done=data["done"],
            next_steps=data["next_steps"],
            blockers=data["blockers"],
        )


class PlanForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40, help_text=_("For example FP2020."))
    title = forms.CharField(label=_("Title"), max_length=300)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    description = FreeText(label=_("Description"), widget=forms.Textarea, required=False)
    commissions = forms.ModelMultipleChoiceField(
        label=_("Commissions answered"), queryset=Commission.objects.all(), required=False
    )

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def clean_key(self):
        key = self.cleaned_data["key"]
        clash = Plan.objects.filter(key=key)
        if self.plan is not None:
            clash = clash.exclude(pk=self.plan.pk)
        if clash.exists():
            raise ValidationError(_("Another plan has this key."))
        return key

    def to_data(self) -> PlanData:
        data = self.cleaned_data
        return PlanData(
            key=data["key"],
            title=data["title"],
            short_name=data["short_name"],
            year=data["year"],
            description=data["description"],
            commissions=list(data["commissions"]),
        )


class MeasureForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.all())
    number = forms.CharField(label=_("Number"), max_length=40)
    order = forms.IntegerField(label=_("Order in the plan"), min_value=0, initial=0)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=PRIORITY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    area = forms.CharField(label=_("Area"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Measure.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = FreeText(label=_("Description"), widget=forms.Textarea, required=False)
    source_text = FreeText(
        label=_("Source text"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    indicative_deadline = forms.CharField(
        label=_("Indicative deadline"),
        max_length=300,
        required=False,
        help_text=_("A condition rather than a date, e.g. «før oktober 2021»."),
    )
    responsible_text = forms.CharField(
        label=_("Responsible, as the plan puts it"), max_length=300, required=False
    )
    outcome_note = FreeText(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = FreeText(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    note_language = forms.ChoiceField(
        label=_("Language of the note"),
        choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))],
        initial="nb",
        required=False,
    )
    commissions = forms.ModelMultipleChoiceField(
        label=_("Commissions answered"), queryset=Commission.objects.all(), required=False
    )

    def __init__(self, *args, measure: Measure | None = None, **kwargs):
        self.measure = measure
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        plan, number = cleaned.get("plan"), cleaned.get("number")
        if plan and number:
            clash = Measure.objects.filter(plan=plan, number=number)
            if self.measure is not None:
                clash = clash.exclude(pk=self.measure.pk)
            if clash.exists():
                self.add_error("number", _("The plan already has a measure with this number."))
        return cleaned

    def to_data(self) -> MeasureData:
        data = self.cleaned_data
        return MeasureData(
            number=data["number"],
            title=data["title"],
            kind=data["kind"],
            priority=data["priority"],
            area=data["area"],
            description=data["description"],
            source_text=data["source_text"],
            indicative_deadline=data["indicative_deadline"],
            due_date=data["due_date"],
            responsible_text=data["responsible_text"],
            outcome_note=data["outcome_note"],
            note=data["note"],
            note_language=data["note_language"] or "nb",
            order=data["order"] or 0,
            commissions=list(data["commissions"]),
        )

    @staticmethod
    def initial_for(measure: Measure) -> dict:
        return {
            "plan": measure.plan_id,
            "number": measure.number,
            "order": measure.order,
            "priority": measure.priority or "",
            "area": measure.area,
            "kind": measure.kind,
            "title": measure.title,
            "description": measure.description,
            "source_text": measure.source_text,
            "due_date": measure.due_date,
            "indicative_deadline": measure.indicative_deadline,
            "responsible_text": measure.responsible_text,
            "outcome_note": measure.outcome_note,
            "note": measure.note,
            "note_language": measure.note_language,
            "commissions": [c.pk for c in measure.commissions.all()],
        }


def _active_agencies():
    return Agency.objects.current().order_by("name")


class OwnersForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=_active_agencies(),
        required=False,
        help_text=_("Leave empty for joint ownership with no lead."),
    )
    co_owners = forms.ModelMultipleChoiceField(
        label=_("Co-owners"),
        queryset=_active_agencies(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("lead") and not cleaned.get("co_owners"):
            raise ValidationError(_("A measure needs at least one owner."))
        return cleaned

    def to_data(self) -> OwnerData:
        lead = self.cleaned_data["lead"]
        co = [a for a in self.cleaned_data["co_owners"] if lead is None or a.pk != lead.pk]
        return OwnerData(lead=lead, co_owners=co)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into measure"),
        queryset=Measure.objects.select_related("plan"),
        required=False,
    )
    external = forms.CharField(
        label=_("…or into a named work outside the plan"), max_length=300, required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["into"]).queryset = (
            Measure.objects.select_related("plan").exclude(pk=measure.pk).order_by("plan", "order")
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        into, external = cleaned.get("into"), (cleaned.get("external") or "").strip()
        if bool(into) == bool(external):
            raise ValidationError(
                _("Choose a measure or name a work outside the plan (one of them).")
            )
        return cleaned


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Milestone.Kind.choices, initial=Milestone.Kind.DATE
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    indicative_deadline = forms.CharField(
        label=_("Indicative deadline"), max_length=300, required=False
    )
    responsible = forms.CharField(label=_("Responsible"), max_length=200, required=False)
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def to_data(self) -> MilestoneData:
        data = self.cleaned_data
        return MilestoneData(
            title=data["title"],
            kind=data["kind"],
            due_date=data["due_date"],
            indicative_deadline=data["indicative_deadline"],
            responsible=data["responsible"],
            done_on=data["done_on"],
        )


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    opens_on = forms.DateField(label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}))
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        opens_on, due_on = cleaned.get("opens_on"), cleaned.get("due_on")
        if opens_on and due_on and due_on < opens_on:
            self.add_error("due_on", _("The due date comes before the opening date."))
        return cleaned

    def to_data(self) -> RoundData:
        data = self.cleaned_data
        return RoundData(name=data["name"], opens_on=data["opens_on"], due_on=data["due_on"])
