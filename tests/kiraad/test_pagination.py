"""OneQueryPaginator: the same pages as Django's Paginator, each in one query."""

import pytest
from django.core.paginator import Paginator

from kiraad.models import Agency
from kiraad.pagination import OneQueryPaginator
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _shape(page):
    return (
        [a.pk for a in page.object_list],
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        page.has_previous(),
        page.has_next(),
    )


@pytest.mark.parametrize("number", [1, 2, 3, "3", 4, 99, 0, -1, "x", None, 2.5, 2.0])
def test_pages_are_those_of_djangos_paginator(number):
    AgencyFactory.create_batch(7)
    queryset = Agency.objects.filter(code__startswith="AG").order_by("code")
    expected = _shape(Paginator(queryset, 3).get_page(number))
    assert _shape(OneQueryPaginator(queryset, 3).get_page(number)) == expected


def test_a_page_with_rows_costs_one_query(django_assert_num_queries):
    AgencyFactory.create_batch(7)
    with django_assert_num_queries(1):
        page = OneQueryPaginator(Agency.objects.order_by("code"), 3).get_page(2)
        assert len(page.object_list) == 3
        assert page.paginator.count == 7
        assert page.paginator.num_pages == 3


@pytest.mark.parametrize("number", [1, 2])
def test_an_empty_list_has_one_empty_page(number):
    page = OneQueryPaginator(Agency.objects.none(), 3).get_page(number)
    assert list(page.object_list) == []
    assert (page.number, page.paginator.count) == (1, 0)


def test_distinct_querysets_are_counted_the_plain_way(django_assert_num_queries):
    AgencyFactory.create_batch(4)
    with django_assert_num_queries(2):
        page = OneQueryPaginator(Agency.objects.distinct().order_by("code"), 3).get_page(1)
        assert page.paginator.count == 4
        assert len(list(page.object_list)) == 3
