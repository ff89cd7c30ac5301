"""GOV.UK pagination links that keep the list's filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None is an ellipsis
    url: str
    current: bool


@dataclass(frozen=True)
class Pagination:
    previous_url: str
    next_url: str
    links: list[PageLink]


def _url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


def pagination_links(request: HttpRequest, page: Page[Any]) -> Pagination | None:
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None
    links = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if isinstance(number, int):
            links.append(PageLink(number, _url(request, number), number == page.number))
        else:
            links.append(PageLink(None, "", False))
    return Pagination(
        previous_url=_url(request, page.number - 1) if page.has_previous() else "",
        next_url=_url(request, page.number + 1) if page.has_next() else "",
        links=links,
    )
