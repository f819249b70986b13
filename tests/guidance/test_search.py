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


def test_search_results_carry_highlighted_snippets(articles):
    """ts_headline on PostgreSQL, the same stems in Python elsewhere: matches in <mark>."""
    from guidance.search import kb_results

    found = kb_results(queryset=Article.objects.all(), query="personvernet")
    snippets = {a.title: str(a.snippet) for a in found}
    sys.stdout.write(f"\n{connection.vendor} snippets «personvernet» → {snippets}\n")
    assert "<mark>personvernet</mark>" in snippets["Data fra journalen"]


def test_the_python_snippet_marks_inflected_forms():
    from guidance.search import highlight, python_snippet

    text = "Personvern er viktig. " + "fyll " * 40 + "Vurder personvernet tidlig."
    snippet = str(highlight(python_snippet(text, "personvernet")))
    assert snippet.startswith("<mark>Personvern</mark> er viktig.")
    assert "<mark>personvernet</mark>" in snippet or snippet.endswith(" …")


def test_a_snippet_never_carries_the_text_s_markup(db):
    """The snippet is escaped before its matches are marked, on either path."""
    from guidance.search import highlight, kb_results, python_snippet

    ArticleFactory(title="Skript", summary='personvern <img src=x onerror="alert(1)"> & mer')
    (article,) = kb_results(queryset=Article.objects.all(), query="personvern")
    snippet = str(article.snippet)
    assert "<img" not in snippet
    assert "<mark>personvern</mark>" in snippet
    python = str(highlight(python_snippet(article.summary, "personvern")))
    assert python.startswith("<mark>personvern</mark> &lt;img src=x onerror=&quot;alert(1)&quot;")


def test_the_knowledge_base_page_and_api_show_the_snippet(client, articles):
    page = client.get("/kb/?q=personvernet").content.decode()
    assert "<mark>personvernet</mark>" in page
    items = client.get("/api/v1/kb/?q=personvernet").json()["items"]
    assert "<mark>personvernet</mark>" in items[-1]["snippet"]
    assert client.get("/api/v1/kb/").json()["items"][0]["snippet"] is None


def test_the_python_snippet_marks_the_word_not_its_punctuation():
    """As ts_headline does: «personvernet.» at a sentence's end marks the word only."""
    from guidance.search import highlight, python_snippet

    snippet = str(highlight(python_snippet("En vurdering av personvernet. Tekst", "personvern")))
    assert snippet == "En vurdering av <mark>personvernet</mark>. Tekst"
