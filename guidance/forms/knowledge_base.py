"""Knowledge-base articles: writing, publishing and unpublishing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guidance.models import Phase, RegulatoryArea, Topic
from guidance.services.knowledge_base import ArticleData
from kiraad.form_fields import LONG_TEXT, FreeText
from kiraad.models import Agency, ContentLanguage


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
