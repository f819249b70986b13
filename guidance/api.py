"""The public knowledge base in the open API (/api/v1/kb/…, kiraad/api.py).

Published articles only (among them the anonymised answers published from requests), with the
fields the public page shows. The output schemas list each field: the request an article came
from, the privacy check and the draft state never leave the portal.
"""

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from guidance import selectors
from guidance.models import Article, Topic
from guidance.models import Phase as PhaseChoices
from kiraad.api import REFUSALS, Pagination, Problem

router = Router(tags=["knowledge base"])

# Inline, not a shared component: the register has a Phase of its own (network/api.py).
Phase = Annotated[
    PhaseChoices,
    WithJsonSchema({"type": "string", "enum": PhaseChoices.values, "title": "ArticlePhase"}),
]


class AgencyRef(Schema):
    code: str
    name: str


class AreaRef(Schema):
    key: str
    name: str


class ResourceOut(Schema):
    title: str
    url: str
    description: str
    agency: AgencyRef | None


class ArticleSummary(Schema):
    """An article as the knowledge base lists it."""

    slug: str
    url: str = Field(description="The article's page in the knowledge base")
    title: str
    summary: str
    phases: list[Phase]
    topics: list[Topic]
    areas: list[AreaRef]
    responsible_agency: AgencyRef
    normative: bool = Field(
        description="A normative product of the responsible agency (else guidance only)"
    )
    review_due: datetime.date | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime
    snippet: str | None = Field(
        None,
        description="When searching: the text around the matches, as HTML (escaped, matches "
        "in <mark>)",
    )

    @staticmethod
    def resolve_snippet(obj: Article) -> str | None:
        return getattr(obj, "snippet", None)

    @staticmethod
    def resolve_url(obj: Article) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_phases(obj: Article) -> list[str]:
        return [p for p in obj.phases or [] if p in PhaseChoices.values]

    @staticmethod
    def resolve_topics(obj: Article) -> list[str]:
        return [t for t in obj.topics or [] if t in Topic.values]

    @staticmethod
    def resolve_areas(obj: Article) -> list[AreaRef]:
        return [AreaRef(key=a.key, name=a.name) for a in obj.areas.all()]

    @staticmethod
    def resolve_responsible_agency(obj: Article) -> AgencyRef:
        agency = obj.responsible_agency
        return AgencyRef(code=agency.code, name=agency.name)


class ArticleDetail(ArticleSummary):
    body_html: str = Field(description="The text, rendered from Markdown and sanitised")
    where_to_turn: str
    resources: list[ResourceOut] = Field(description="The agencies' own guidance")

    @staticmethod
    def resolve_resources(obj: Article) -> list[ResourceOut]:
        return [
            ResourceOut(
                title=r.title,
                url=r.url,
                description=r.description,
                agency=AgencyRef(code=r.agency.code, name=r.agency.name) if r.agency else None,
            )
            for r in obj.resources.all()
        ]


class ArticleFilters(Schema):
    """The knowledge base page's filters."""

    q: str | None = Field(
        None,
        max_length=200,
        description="Words to search for (Norwegian stemming: «personvernet» finds «personvern»)",
    )
    phase: Phase | None = None
    area: str | None = Field(None, max_length=80, description="A regulatory area's key")


@router.get(
    "/",
    response={200: list[ArticleSummary], **REFUSALS},
    url_name="kb-article-list",
    summary="Published articles of the knowledge base (best match first when searching)",
)
@paginate(Pagination)
def kb_article_list(request: HttpRequest, filters: Query[ArticleFilters]):
    return selectors.kb_articles(
        query=(filters.q or "").replace("\x00", ""),
        phase=filters.phase or "",
        area_key=(filters.area or "").replace("\x00", ""),
    )


@router.get(
    "/{slug}/",
    response={200: ArticleDetail, 404: Problem, **REFUSALS},
    url_name="kb-article-detail",
    summary="One published article with its text and the agencies' own guidance",
)
def kb_article_detail(request: HttpRequest, slug: str):
    try:
        return selectors.article_public_get(slug=slug)
    except Article.DoesNotExist as exc:
        raise Http404 from exc
