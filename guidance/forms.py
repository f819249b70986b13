"""Input parsing for the guidance pages. Forms validate shape; services decide the rules."""

import datetime
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guidance.models import GuidanceMeeting, GuidanceRequest, Phase, RegulatoryArea, Topic
from guidance.services.assignment import TriageDecision
from guidance.services.gaps import GapData
from guidance.services.intake import RequestData
from guidance.services.knowledge_base import ArticleData
from guidance.services.meetings import MeetingData
from kiraad.form_fields import LONG_TEXT, FreeText
from kiraad.models import Agency, ContentLanguage


class AskForm(forms.Form):
    """The public intake form.

    The template adds a visually hidden `website` input outside the form's fields: a honeypot
    that people never see and bots fill in.
    """

    kind = forms.ChoiceField(
        label=_("What do you want?"),
        choices=GuidanceRequest.Kind.choices,
        initial=GuidanceRequest.Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    requester_name = forms.CharField(label=_("Your name"), max_length=200)
    requester_email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    org_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *GuidanceRequest.OrgKind.choices],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Your question"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    phase = forms.ChoiceField(label=_("Phase of your AI work"), choices=[("", "—"), *Phase.choices])
    areas = forms.ModelMultipleChoiceField(
        label=_("Regulatory areas you think apply"),
        queryset=RegulatoryArea.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas_not_sure = forms.BooleanField(label=_("I am not sure which rules apply"), required=False)
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is processed as described"),
    )

    def clean_question(self):
        value = self.cleaned_data["question"]
        if "\x00" in value:
            raise forms.ValidationError(_("The text contains characters that are not allowed."))
        return value

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name, value in list(data.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("The text contains characters that are not allowed."))
        if not data.get("areas") and not data.get("areas_not_sure") and not self.errors:
            self.add_error("areas", _("Choose at least one area, or tick «not sure»."))
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def to_data(self) -> RequestData:
        d = self.cleaned_data
        return RequestData(
            kind=d["kind"],
            requester_name=d["requester_name"],
            requester_email=d["requester_email"],
            organisation=d["organisation"],
            org_kind=d["org_kind"],
            title=d["title"],
            question=d["question"],
            phase=d["phase"],
            areas=list(d["areas"]),
            areas_not_sure=d["areas_not_sure"],
            consent=d["consent"],
        )


# The empty public form as components/form.html writes it, per language and list of areas. It is
# the same for every visitor (the CSRF token and the form key are outside it), and rendering its
# eleven fields was half the page's CPU. Kept per process, so a deploy starts afresh; the areas'
# rows are part of the key, so an area renamed or added in the admin shows at once.
_EMPTY_ASK_FORMS: dict[tuple, SafeString] = {}
_EMPTY_ASK_FORMS_MAX = 8


class _FetchedChoices(ModelChoiceIterator):
    """The field's choices from rows already read (Django's iterator reads them again)."""

    def __init__(self, field: forms.ModelChoiceField, rows: list) -> None:
        super().__init__(field)
        self.rows = rows

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.rows:
            yield self.choice(row)

    def __len__(self) -> int:
        return len(self.rows) + (1 if self.field.empty_label is not None else 0)


def empty_ask_form_html() -> SafeString:
    """The unbound AskForm's fields, rendered once per language and areas. One query: the
    areas, which key the cache and, on a miss, are the choices rendered."""
    form = AskForm()
    field = cast(forms.ModelMultipleChoiceField, form.fields["areas"])
    rows = list(cast(QuerySet[RegulatoryArea], field.queryset))
    columns = [column.attname for column in RegulatoryArea._meta.concrete_fields]
    key = (get_language(), tuple(tuple(getattr(row, c) for c in columns) for row in rows))
    html = _EMPTY_ASK_FORMS.get(key)
    if html is None:
        field.widget.choices = _FetchedChoices(field, rows)
        html = render_to_string("components/form.html", {"form": form})
        if len(_EMPTY_ASK_FORMS) >= _EMPTY_ASK_FORMS_MAX:
            _EMPTY_ASK_FORMS.clear()
        _EMPTY_ASK_FORMS[key] = html
    return html


class ResendLinkForm(forms.Form):
    email = forms.EmailField(label=_("The e-mail address you used"), max_length=254)


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Follow-up message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


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


class ArticleForm(forms.Form):
    slug = forms.SlugField(label=_("Address (slug)"), max_length=120)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = FreeText(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    body_markdown = FreeText(
        max_length=LONG_TEXT,
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    phases = forms.MultipleChoiceField(
        label=_("Phases"),
        choices=Phase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Regulatory areas"),
        queryset=RegulatoryArea.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.current().order_by("name")
    )
    where_to_turn = FreeText(
        label=_("Where to turn"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=ContentLanguage.choices,
        initial=ContentLanguage.NB,
        required=False,
        help_text=_("Pages mark the text with its language, for screen readers."),
    )
    normative = forms.BooleanField(label=_("Normative"), required=False)
    review_due = forms.DateField(
        label=_("Review due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, slug_taken=None, **kwargs):
        self.slug_taken = slug_taken
        super().__init__(*args, **kwargs)

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or ContentLanguage.NB

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.slug_taken and self.slug_taken(slug):
            raise forms.ValidationError(_("Another article already uses this address."))
        return slug

    def to_data(self, *, source_request=None) -> ArticleData:
        d = self.cleaned_data
        return ArticleData(
            slug=d["slug"],
            title=d["title"],
            summary=d["summary"],
            body_markdown=d["body_markdown"],
            phases=list(d["phases"]),
            topics=list(d["topics"]),
            areas=list(d["areas"]),
            responsible_agency=d["responsible_agency"],
            where_to_turn=d["where_to_turn"],
            normative=d["normative"],
            review_due=d["review_due"],
            language=d["language"],
            source_request=source_request,
        )


class PublishForm(forms.Form):
    no_personal_data = forms.BooleanField(
        label=_(
            "I have checked that the article contains no personal data and is not a copy of "
            "the private thread"
        )
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=_("Why unpublish?"), max_length=500)
    confirm = forms.BooleanField(label=_("I confirm"))


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


def initial_due_date(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=21)
