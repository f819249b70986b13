"""The SQLite default's FTS5 index (guidance/fts.py), run for real on an SQLite database even
when the suite runs on PostgreSQL: the articles live in the test database, their index in an
in-memory SQLite. It must give the same lists as PostgreSQL's search (tests/guidance/
test_search.py SEARCHES), and article_save and the admin's delete keep it in step."""

import sqlite3
import sys
from contextlib import contextmanager

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from guidance import fts
from guidance.models import Article
from guidance.services.knowledge_base import ArticleData, article_save
from tests.guidance.test_search import SEARCHES, articles  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db


class SQLiteIndex:
    """Stands in for django.db.connection in guidance.fts: vendor and cursor() only."""

    vendor = "sqlite"

    def __init__(self):
        self.database = sqlite3.connect(":memory:")
        fts.create(self.database.cursor())

    @contextmanager
    def cursor(self):
        yield self.database.cursor()

    def found(self, query: str) -> list[str]:
        """The titles, best first and ties by title, as guidance.search._sqlite orders them."""
        titles = dict(Article.objects.values_list("pk", "title"))
        scores = fts.search(query)
        return [titles[pk] for pk, score in sorted(scores, key=lambda s: (s[1], titles[s[0]]))]


@pytest.fixture
def index(monkeypatch):
    index = SQLiteIndex()
    monkeypatch.setattr(fts, "connection", index)
    return index


@pytest.mark.parametrize("query", list(SEARCHES))
def test_the_fts5_index_finds_what_postgresql_finds(index, articles, query):  # noqa: F811
    # The factory indexed each article through fts.index_article, as article_save does.
    found = index.found(query)
    sys.stdout.write(f"\nSQLite FTS5 «{query}» → {found}\n")
    assert found == SEARCHES[query]


def test_the_index_holds_stems_and_weights_title_over_tags_over_text(index, areas, agencies):
    data = {
        "phases": [],
        "responsible_agency": agencies["HDIR"],
        "where_to_turn": "",
        "normative": False,
        "review_due": None,
        "body_markdown": "",
    }
    in_text = article_save(
        data=ArticleData(
            slug="t", title="Annet", summary="Om helselovgivningen.", topics=[], areas=[], **data
        ),
        by=None,
    )
    in_tags = article_save(
        data=ArticleData(
            slug="a",
            title="Noe",
            summary="Kort.",
            topics=[],
            areas=[areas["law"]],
            **data,
        ),
        by=None,
    )
    in_title = article_save(
        data=ArticleData(
            slug="h", title="Helselovgivningen", summary="Kort.", topics=[], areas=[], **data
        ),
        by=None,
    )
    assert index.found("helselovgivning") == [in_title.title, in_tags.title, in_text.title]
    # Changing an article changes its row: the old words are gone.
    article_save(
        data=ArticleData(
            slug="t", title="Annet", summary="Om noe helt annet.", topics=[], areas=[], **data
        ),
        by=None,
        article=in_text,
    )
    assert index.found("helselovgivningen") == [in_title.title, in_tags.title]
    # FTS5 syntax typed into the box is only words.
    assert index.found('helse* OR "annet') == []


def test_an_article_deleted_in_the_admin_leaves_the_index(index, articles, cast):  # noqa: F811
    request = RequestFactory().post("/")
    request.user = cast["secretariat"]
    admin = site._registry[Article]
    admin.delete_model(request, articles["privacy"])
    assert index.found("personvernet") == ["Data fra journalen"]
    admin.delete_queryset(request, Article.objects.filter(pk=articles["mention"].pk))
    assert index.found("personvernet") == []
