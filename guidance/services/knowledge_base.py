"""The public knowledge base: writing, sanitising, publishing and unpublishing articles."""

import datetime
from dataclasses import dataclass

import markdown
import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance import fts, reasons
from guidance.models import Article, GuidanceRequest, RegulatoryArea
from kiraad.models import Agency, User
from kiraad.services import ServiceError, save_with_reason

ALLOWED_TAGS = {
    "p", "a", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "br", "hr",
}  # fmt: skip


def render_markdown(text: str) -> str:
    """Markdown to HTML, sanitised with nh3: no scripts, no images, no foreign schemes."""
    html = markdown.markdown(text, extensions=["tables"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@dataclass(frozen=True)
class ArticleData:
    slug: str
    title: str
    summary: str
    body_markdown: str
    phases: list[str]
    topics: list[str]
    areas: list[RegulatoryArea]
    responsible_agency: Agency
    where_to_turn: str
    normative: bool
    review_due: datetime.date | None
    source_request: GuidanceRequest | None = None
    language: str = "nb"


@transaction.atomic
def article_save(*, data: ArticleData, by: User | None, article: Article | None = None) -> Article:
    """Create or update an article. The body is sanitised here, once."""
    article = article or Article()
    for name in (
        "slug",
        "title",
        "summary",
        "body_markdown",
        "phases",
        "topics",
        "responsible_agency",
        "where_to_turn",
        "normative",
        "review_due",
        "language",
    ):
        setattr(article, name, getattr(data, name))
    if data.source_request is not None:
        article.source_request = data.source_request
    article.body_html = render_markdown(data.body_markdown)
    save_with_reason(article, by=by, reason=reasons.ARTICLE_SAVED())
    article.areas.set(data.areas)
    # The SQLite default's search index, in the same transaction (a no-op on PostgreSQL).
    fts.index_article(article)
    return article


@transaction.atomic
def article_publish(*, article: Article, no_personal_data: bool, by: User | None) -> Article:
    """Publish, once someone has checked that the text holds no personal data."""
    if not no_personal_data:
        raise ServiceError(_("Confirm that the article contains no personal data."))
    article.no_personal_data = True
    article.published = True
    article.published_at = article.published_at or timezone.now()
    save_with_reason(article, by=by, reason=reasons.PUBLISHED())
    return article


@transaction.atomic
def article_unpublish(*, article: Article, by: User, reason: str) -> Article:
    """Take an article off the public knowledge base, saying why."""
    if not reason.strip():
        raise ServiceError(_("Give a reason."))
    article.published = False
    save_with_reason(article, by=by, reason=reasons.UNPUBLISHED(reason=reason))
    return article
