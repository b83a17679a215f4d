from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    """A paginator that counts no further than `cap` matches and pages only through those, newest first.

    Counting every match of a large log is the slowest part of a page (a million entries take PostgreSQL hundreds
    of milliseconds to count, and as long to skip to a page far down); nobody pages through ten thousand entries.
    Older entries are reached by narrowing the filters (a To date, a person), and the CSV export has them all.
    """

    def __init__(self, entries: QuerySet[Any], per_page: int, *, cap: int) -> None:
        super().__init__(entries, per_page)
        self.entries = entries
        self.cap = cap

    @cached_property
    def found(self) -> int:
        """How many match, counted up to one past the cap: SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1), in no
        order (an ORDER BY would make the database find them newest first, which only the page needs), so that
        an index holding the filter's columns and the id answers it alone."""
        return self.entries.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def capped(self) -> bool:
        """More match than these pages reach."""
        return self.found > self.cap

    def page(self, number: int | str) -> Page:
        """One page, its ids first (from the filter's index alone, however far down the page is), then its rows:
        skipping entries costs index entries, not table rows."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)  # never past the cap
        ids = self.entries.values("pk")[bottom:top]
        rows = self.entries.model._default_manager.using(self.entries.db).filter(pk__in=ids)
        return Page(list(rows.order_by(*self.entries.query.order_by)), number, self)
