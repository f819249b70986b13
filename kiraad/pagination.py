"""Paginators that keep a list's cost flat however long it grows."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "_paginator_total"


class OneQueryPaginator(Paginator):
    """Django's Paginator, reading a page's rows together with the total (COUNT(*) OVER (), a
    window over every row the queryset selects, computed before the page's LIMIT), so a list
    costs one query instead of a COUNT and a SELECT.

    The plain way (a COUNT first) is kept where the window would count wrong or is not
    needed: a queryset with DISTINCT (the window counts before it), orphans, a list that is
    not a queryset, and an empty page (past the end: the COUNT says which page to show).
    """

    def get_page(self, number) -> Page:
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number) -> Page:
        queryset = self.object_list
        if (
            "count" in self.__dict__  # counted already
            or self.orphans
            or not isinstance(queryset, QuerySet)
            or queryset.query.distinct
        ):
            return super().page(number)
        number = self._positive_int(number)
        bottom = (number - 1) * self.per_page
        counted = queryset.annotate(**{TOTAL: Window(Count("*"))})
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows:
            return super().page(number)
        self.count = getattr(rows[0], TOTAL)  # Paginator.count is a cached_property
        return Page(rows, number, self)

    def _positive_int(self, number) -> int:
        """validate_number without the upper bound (which needs the count)."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number


class KeysFirstPaginator(Paginator):
    """Finds the page's primary keys with the filter and sort alone, then loads only those rows
    with all their joins and prefetches.

    Sorting 10,000 measures joined with their latest status update to show 50 of them took
    70–130 ms in PostgreSQL; sorting their keys takes a few, and page 150 costs about what page 1
    does.
    """

    def __init__(self, queryset: QuerySet, per_page: int, **kwargs):
        self.rows = queryset
        super().__init__(queryset.values_list("pk", flat=True), per_page, **kwargs)

    def page(self, number) -> Page:
        page = super().page(number)
        keys = list(page.object_list)
        rows = self.rows.order_by().in_bulk(keys)
        page.object_list = [rows[key] for key in keys if key in rows]
        return page
