"""The knowledge base's full-text index on the embedded SQLite default (issue 19, defect 7).

SQLite's FTS5 knows no Norwegian, so the index holds Snowball stems computed in Python (the
same stemmer guidance.search uses for the query): «personvernet» is stored and looked up as
«personvern». Three columns, weighted like PostgreSQL's A/B/C in bm25: title 3 > tags 2
(topics in Norwegian and English, regulatory areas) > summary and text 1. The rowid is the
article's id. The index lives in the same database as the articles, so a write that rolls back
takes its index row with it; article_save keeps it in step, and the functions here take a
DB-API cursor so a test can run them against a plain sqlite3 connection as well.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from guidance.search import WEIGHTS, stem_list, stems, topic_stems

TABLE = "guidance_article_fts"
# Diacritics kept: «får» and «far» are different words, and the stems are already folded.
CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} "
    "USING fts5(title, tags, body, tokenize='unicode61 remove_diacritics 0')"
)
DROP = f"DROP TABLE IF EXISTS {TABLE}"


def document(
    *, title: str, summary: str, body: str, topics: Iterable[str], area_names: Iterable[str]
) -> tuple[str, str, str]:
    """An article's three columns as stems, repeated words kept (bm25 counts them)."""
    names = topic_stems()
    tags = [stem for code in topics or [] for stem in sorted(names.get(code, set()))]
    for name in area_names:
        tags += stem_list(name)
    return (
        " ".join(stem_list(title)),
        " ".join(tags),
        " ".join(stem_list(f"{summary} {body}")),
    )


def article_document(article: Any) -> tuple[str, str, str]:
    return document(
        title=article.title,
        summary=article.summary,
        body=article.body_markdown,
        topics=article.topics,
        area_names=[area.name for area in article.areas.all()],
    )


def create(cursor: Any) -> None:
    cursor.execute(CREATE)


def write(cursor: Any, pk: int, columns: Sequence[str]) -> None:
    cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", [pk])  # noqa: S608  # constant
    cursor.execute(
        f"INSERT INTO {TABLE} (rowid, title, tags, body) VALUES (?, ?, ?, ?)",  # noqa: S608
        [pk, *columns],
    )


def remove(cursor: Any, pks: Iterable[int]) -> None:
    for pk in pks:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", [pk])  # noqa: S608  # constant


def match(cursor: Any, query: str) -> list[tuple[int, float]]:
    """(article id, bm25 score) for the articles holding every stem of `query`, best (lowest)
    first. Each stem is quoted, so nothing the user types is read as FTS5 syntax."""
    wanted = stems(query)
    if not wanted:
        return []
    expression = " ".join(f'"{stem}"' for stem in sorted(wanted))
    weights = ", ".join(str(WEIGHTS[name]) for name in ("title", "tags", "text"))
    cursor.execute(
        f"SELECT rowid, bm25({TABLE}, {weights}) FROM {TABLE} "  # noqa: S608  # constants
        f"WHERE {TABLE} MATCH ? ORDER BY 2, rowid",
        [expression],
    )
    return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


# The portal's own connection: no-ops unless it is SQLite.


def in_use() -> bool:
    return connection.vendor == "sqlite"


def index_article(article: Any) -> None:
    if in_use():
        with connection.cursor() as cursor:
            write(cursor, article.pk, article_document(article))


def unindex_articles(pks: Iterable[int]) -> None:
    if in_use():
        with connection.cursor() as cursor:
            remove(cursor, pks)


def search(query: str) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        return match(cursor, query)
