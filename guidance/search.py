"""Knowledge-base search that understands Norwegian (issue 19, defect 7).

PostgreSQL: full-text search with the `norwegian` dictionary, weighted title (A) > tags (B:
the article's topics, matched through their Norwegian and English names) > summary and text
(C). Elsewhere (the embedded SQLite default): the same Snowball Norwegian stemmer, applied in
Python to the words of the title, the tags (topics and regulatory areas) and the text, kept
in an FTS5 index (guidance/fts.py) and ranked by bm25 with the same weights; every word of the
query must occur somewhere. So «personvernet» finds «personvern» and «sertifisering» finds the
articles tagged with certification on both. Any other database scans the articles in Python
(_python) with the same stems and weights.
"""

import re
from functools import cache

import snowballstemmer
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from guidance.models import Article, Topic

WEIGHTS = {"title": 3.0, "tags": 2.0, "text": 1.0}
_WORD = re.compile(r"\w+", re.UNICODE)
# Where a snippet's matches start and stop: private-use characters that no text contains, so
# the snippet can be escaped as a whole and only then marked up (ts_headline would copy any
# HTML in the text through unescaped).
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 30


@cache
def _stemmer():
    return snowballstemmer.stemmer("norwegian")


def stem_list(text: str) -> list[str]:
    return _stemmer().stemWords([w.lower() for w in _WORD.findall(text or "")])


def stems(text: str) -> set[str]:
    return set(stem_list(text))


@cache
def topic_stems() -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for code, label in Topic.choices:
        words = set()
        for language in ("nb", "en"):
            with translation.override(language):
                words |= stems(str(label))
        names[code] = words
    return names


def topics_matching(query: str) -> list[str]:
    wanted = stems(query)
    return [code for code, words in topic_stems().items() if words & wanted]


def article_search(*, queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    """The articles of `queryset` that match `query`, best first."""
    query = query.strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        return _postgres(queryset, query)
    if connection.vendor == "sqlite":
        return _sqlite(queryset, query)
    return _python(queryset, query)


def _postgres(queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    vector = (
        SearchVector("title", weight="A", config="norwegian")
        + SearchVector("summary", weight="C", config="norwegian")
        + SearchVector("body_markdown", weight="C", config="norwegian")
    )
    search = SearchQuery(query, config="norwegian", search_type="websearch")
    tagged = Q()
    for code in topics_matching(query):
        tagged |= Q(topics__contains=[code])
    tag_rank = (
        Case(When(tagged, then=Value(0.4)), default=Value(0.0), output_field=FloatField())
        if tagged
        else Value(0.0, output_field=FloatField())
    )
    # ts_rank gives a tiny non-zero rank to documents that do not match: filter on the match.
    return (
        queryset.annotate(document=vector)
        .filter(Q(document=search) | tagged)
        .annotate(text_rank=SearchRank(vector, search), tag_rank=tag_rank)
        .annotate(rank=F("text_rank") + F("tag_rank"))
        .annotate(
            raw_snippet=SearchHeadline(
                Concat("summary", Value(" "), "body_markdown", output_field=TextField()),
                search,
                config="norwegian",
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 3,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .order_by("-rank", "title")
    )


def _sqlite(queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    from guidance import fts

    scores = fts.search(query)
    if not scores:
        return queryset.none()
    # bm25 is lower for a better match; ties go by title, as on PostgreSQL.
    rank = Case(
        *[When(pk=pk, then=Value(score)) for pk, score in scores], output_field=FloatField()
    )
    return (
        queryset.filter(pk__in=[pk for pk, _score in scores])
        .annotate(rank=rank)
        .order_by("rank", "title")
    )


def _python(queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    wanted = stems(query)
    if not wanted:
        return queryset.none()
    topic_words = topic_stems()
    scored: list[tuple[float, str, int]] = []
    for article in queryset.prefetch_related("areas"):
        tags: set[str] = set()
        for code in article.topics or []:
            tags |= topic_words.get(code, set())
        for area in article.areas.all():
            tags |= stems(area.name)
        fields = {
            "title": stems(article.title),
            "tags": tags,
            "text": stems(f"{article.summary} {article.body_markdown}"),
        }
        found = set().union(*fields.values())
        if not wanted <= found:
            continue
        score = sum(WEIGHTS[name] * len(wanted & words) for name, words in fields.items())
        scored.append((-score, article.title, article.pk))
    order = [pk for _score, _title, pk in sorted(scored)]
    if not order:
        return queryset.none()
    return queryset.filter(pk__in=order).order_by(
        Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(order)])
    )


def kb_results(
    *, queryset: QuerySet[Article], query: str = "", phase: str = "", area_key: str = ""
) -> list[Article]:
    """The knowledge base's filters: words (best match first), a phase and a regulatory area."""
    found = article_search(queryset=queryset, query=query)
    if area_key:
        found = found.filter(areas__key=area_key).distinct()
    # Phases are a JSON list; SQLite cannot look inside one, so the phase is checked here.
    results = [article for article in found if not phase or phase in (article.phases or [])]
    if query.strip():
        for article in results:
            raw = getattr(article, "raw_snippet", None)
            if raw is None:
                raw = python_snippet(f"{article.summary} {article.body_markdown}", query)
            article.snippet = highlight(raw)  # type: ignore[attr-defined]  # shown with the result
    return results


def python_snippet(text: str, query: str) -> str:
    """ts_headline's counterpart in Python: about SNIPPET_WORDS words around the first word
    whose Snowball stem is one of the query's, every such word between START and STOP."""
    wanted = stems(query)
    words = (text or "").split()
    hits = [i for i, word in enumerate(words) if stems(word) & wanted]
    first = max(0, hits[0] - SNIPPET_WORDS // 3) if hits else 0
    window = range(first, min(len(words), first + SNIPPET_WORDS))
    marked = [_mark(words[i], wanted) if i in hits else words[i] for i in window]
    prefix = "… " if first else ""
    suffix = " …" if window.stop < len(words) else ""
    return prefix + " ".join(marked) + suffix


def _mark(word: str, wanted: set[str]) -> str:
    """The matching words of a space-separated token marked, not the punctuation around them
    («personvernet.» marks «personvernet», as ts_headline does)."""
    return _WORD.sub(
        lambda m: f"{START}{m.group()}{STOP}" if stems(m.group()) & wanted else m.group(), word
    )


def highlight(raw: str) -> SafeString:
    """A snippet as HTML: the text escaped, its matches in <mark>."""
    escaped = escape(raw.replace(START + STOP, ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308
