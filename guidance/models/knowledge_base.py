"""The public knowledge base: articles and the resources they point to."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guidance.models.areas import Phase, RegulatoryArea, Topic
from guidance.models.requests import GuidanceRequest
from kiraad.models import Agency, ContentLanguage


class Article(models.Model):
    """A knowledge-base article written for the public; never a copy of a private thread."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    body_markdown = models.TextField(_("text (Markdown)"), blank=True)
    # Rendered and sanitised once, when saved through the service.
    body_html = models.TextField(_("text (HTML)"), blank=True, editable=False)
    phases = models.JSONField(_("phases"), default=list, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    areas = models.ManyToManyField(
        RegulatoryArea, verbose_name=_("regulatory areas"), blank=True, related_name="articles"
    )
    responsible_agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    where_to_turn = models.TextField(_("where to turn"), blank=True)
    # The language its text is written in: templates mark title, summary and text with `lang`.
    language = models.CharField(
        _("language"), max_length=5, choices=ContentLanguage.choices, default=ContentLanguage.NB
    )
    normative = models.BooleanField(_("normative"), default=False)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    no_personal_data = models.BooleanField(_("contains no personal data"), default=False)
    source_request = models.ForeignKey(
        GuidanceRequest,
        verbose_name=_("based on request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(no_personal_data=True),
                name="article_published_needs_privacy_check",
                violation_error_message=_(
                    "Confirm that the article contains no personal data before publishing it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("kb:article-detail", args=[self.slug])

    @property
    def phase_labels(self) -> list[str]:
        return [str(Phase(p).label) for p in self.phases if p in Phase.values]

    @property
    def topic_labels(self) -> list[str]:
        return [str(Topic(t).label) for t in self.topics if t in Topic.values]


class Resource(models.Model):
    """A link to an agency's own guidance, shown with articles and areas."""

    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guidance_resources",
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
    )
    area = models.ForeignKey(
        RegulatoryArea,
        verbose_name=_("regulatory area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.UniqueConstraint(
                fields=["url", "article", "area"],
                name="resource_unique",
                violation_error_message=_("This link is already listed here."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
