"""My interests a screenful at a time: the list listing.arrange searched and sorted across every interest, cut into
pages, so what a page costs to render and send does not grow with the interests it does not show."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

from ..graph.models import Interest
from .listing import Arranged

# What fits a screen or two with room to act on each row; a constant, not a choice offered to people.
PAGE_SIZE = 25


def page_number(value: object) -> int:
    """The page a `?page=` value asks for: junk (empty, words, "2.5") asks for the first, which `Paged` then clamps
    to the pages there are, like any number out of range."""
    try:
        return int(str(value).strip())
    except ValueError:
        return 1


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap between runs of numbers (…)
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Paged:
    """One page of the arranged list: the rows it shows (with the place of an interest just deleted, when that place
    is on it) and what the pager says of it."""

    rows: list[Interest]
    page: Page
    count: int  # the interests listed across all pages (the one just deleted not among them)

    @property
    def first(self) -> int:
        return self.page.start_index()

    @property
    def last(self) -> int:
        return self.page.end_index()

    @property
    def paged(self) -> bool:
        return self.page.paginator.num_pages > 1


def paged(arranged: Arranged, number: int, *, holding: str = "") -> Paged:
    """Page `number` of `arranged` (the nearest there is), or the page holding the interest `holding` when it is
    listed: the one just added or changed, which the person must see. The place of an interest just deleted is shown
    on the page it was on, if that page is still there, else at the end of the page before (its rows moved up)."""
    removed = arranged.removed
    listed = [interest for interest in arranged.shown if interest.id != removed]
    paginator = Paginator(listed, PAGE_SIZE)
    held = next((index for index, interest in enumerate(listed) if holding and interest.id == holding), None)
    if held is not None:
        number = held // PAGE_SIZE + 1
    page = paginator.page(min(max(number, 1), paginator.num_pages))
    rows = list(page.object_list)
    if removed:
        # Its place: how many listed interests the order puts before it.
        place = next(index for index, interest in enumerate(arranged.shown) if interest.id == removed)
        start = (page.number - 1) * PAGE_SIZE
        if start <= place <= start + len(rows):
            rows.insert(place - start, arranged.shown[place])
    return Paged(rows=rows, page=page, count=paginator.count)


def page_links(paged_list: Paged, params: dict[str, str], base: str) -> list[PageLink]:
    """The numbered links of the pager, a few on each side of the current page and at the ends, each with the
    search, filters and order of the page (`params`) kept."""
    page = paged_list.page
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if isinstance(number, int):
            links.append(PageLink(number, page_url(base, params, number), current=number == page.number))
        else:
            links.append(PageLink(None))
    return links


def page_url(base: str, params: dict[str, str], number: int) -> str:
    """`base` with the page's search, filters and order, and page `number` (the first page needs none)."""
    query = {key: value for key, value in params.items() if value and key != "page"}
    if number > 1:
        query["page"] = str(number)
    return f"{base}?{urlencode(query)}" if query else base
