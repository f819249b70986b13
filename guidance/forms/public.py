"""The requester's forms: the public question, resending the private links, a follow-up
message on the tracking page."""

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guidance.models import GuidanceRequest, Phase, RegulatoryArea
from guidance.services.intake import RequestData


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
