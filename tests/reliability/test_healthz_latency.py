import time

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database_with_select_1_and_answers_fast(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1) as ctx:
        assert client.get("/healthz").status_code == 200
    assert ctx.captured_queries[0]["sql"] == "SELECT 1"
    timings = []
    for _ in range(200):
        start = time.perf_counter()
        client.get("/healthz")
        timings.append(time.perf_counter() - start)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    assert p99 < 0.050, f"p99 {p99 * 1000:.1f} ms"


def test_livez_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok"
