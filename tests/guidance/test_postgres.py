"""PostgreSQL-only behaviour: Norwegian full-text search and safe reference allocation."""

import threading

import pytest
from django.db import connection, transaction

from guidance.services.intake import reference_allocate
from tests.guidance.factories import ArticleFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"
)


@pytest.mark.postgres
def test_norwegian_full_text_search_stems(client, agencies):
    ArticleFactory(
        slug="mdr",
        title="Klassifisering av programvare",
        body_markdown="Reglene for medisinsk utstyr gjelder.",
        responsible_agency=agencies["DMP"],
    )
    ArticleFactory(slug="annet", title="Finansiering", responsible_agency=agencies["HDIR"])
    body = client.get("/kb/?q=utstyret").content.decode()
    assert "Klassifisering av programvare" in body
    assert "Finansiering</a>" not in body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_reference_allocation_never_clashes():
    results: list[str] = []
    errors: list[Exception] = []

    def worker():
        try:
            for _ in range(5):
                with transaction.atomic():
                    results.append(reference_allocate(year=2031))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 30
    assert len(set(results)) == 30
