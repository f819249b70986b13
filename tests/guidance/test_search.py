"""Knowledge-base search understands Norwegian (issue 19, defect 7): inflected forms find their
stem and tags are searched, on PostgreSQL (norwegian dictionary) and in the Python path the
SQLite default uses (Snowball Norwegian stemmer), with title > tags > text."""

import sys

import pytest
from django.db import connection

from guidance.models import Article
from guidance.search import _python, article_search
from tests.guidance.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(db):
    return {
        "privacy": ArticleFactory(
            title="Personvern når KI utvikles",
            summary="Behandlingsgrunnlag og konsekvensvurdering.",
            topics=["privacy"],
        ),
        "device": ArticleFactory(
            title="Når er KI medisinsk utstyr?",
            summary="Produktregelverket og formålet produsenten oppgir.",
            topics=["regulation"],
        ),
        # Tagged with certification; the word is in no text of the article.
        "ce": ArticleFactory(
            title="CE-merking av algoritmer",
            summary="Samsvarsvurdering hos et teknisk kontrollorgan.",
            topics=["certification"],
        ),
        # Mentions privacy only in its text: ranked below the one with it in the title.
        "mention": ArticleFactory(
            title="Data fra journalen",
            summary="Tilgang til data krever en vurdering av personvernet.",
            topics=["data"],
        ),
    }


def _titles(qs) -> list[str]:
    return [a.title for a in qs]


SEARCHES = {
    "personvernet": ["Personvern når KI utvikles", "Data fra journalen"],
    "medisinsk utstyr": ["Når er KI medisinsk utstyr?"],
    "sertifisering": ["CE-merking av algoritmer"],
}


@pytest.mark.parametrize("query", list(SEARCHES))
def test_the_database_search(articles, query):
    found = _titles(article_search(queryset=Article.objects.all(), query=query))
    sys.stdout.write(f"\n{connection.vendor} «{query}» → {found}\n")
    assert found == SEARCHES[query]


@pytest.mark.parametrize("query", list(SEARCHES))
def test_the_stemmed_search_sqlite_uses(articles, query):
    found = _titles(_python(Article.objects.all(), query))
    sys.stdout.write(f"\nPython/Snowball «{query}» → {found}\n")
    assert found == SEARCHES[query]


def test_the_knowledge_base_page_finds_inflected_forms(client, articles):
    body = client.get("/kb/?q=personvernet").content.decode()
    assert "Personvern når KI utvikles" in body
    assert "CE-merking av algoritmer" in client.get("/kb/?q=sertifisering").content.decode()
