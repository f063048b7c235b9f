"""findOfficers(text) and the officers' nameContains on the demo network: accents, case and
punctuation aside, over names, cities and stations; paged both ways."""

from __future__ import annotations

from datetime import date
from typing import Any

from .conftest import DEMO_TODAY, GraphQLClient
from .test_directory import officer_ids, seed

FIND = """
query Find($text: String!, $first: Int, $after: String, $last: Int, $before: String) {
  findOfficers(text: $text, first: $first, after: $after, last: $last, before: $before) {
    nodes { id }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def named(name: str) -> str:
    return next(o["id"] for o in seed("officers") if o["name"] == name)


def posted_in(city: str) -> list[str]:
    """Officers with a posting in the city that has not ended on the demo day."""
    return sorted(
        {
            p["officer"]
            for p in seed("postings")
            if p["city"] == city and (p["endsOn"] is None or date.fromisoformat(p["endsOn"]) >= DEMO_TODAY)
        }
    )


async def found(api: GraphQLClient, text: str, **page: Any) -> list[str]:
    data = await api.data(FIND, {"text": text, "first": 100, **page})
    return [n["id"] for n in data["findOfficers"]["nodes"]]


async def test_names_cities_and_stations_are_found_accents_and_case_aside(api: GraphQLClient) -> None:
    gerard = named("Isabelle Gérard")
    bogota = posted_in("Bogotá")
    assert len(bogota) > 1 and len(bogota) < len(set(p["officer"] for p in seed("postings") if p["city"] == "Bogotá"))

    assert await found(api, "GERARD") == [gerard]
    assert await found(api, "gérard london") == [gerard], "one word in the name, one in the city"
    assert await found(api, "gerard bogota") == []
    assert await found(api, "bogota") == bogota, "current and coming postings only"
    assert await found(api, "embassy of the netherlands, bogota") == sorted(
        p["officer"] for p in seed("postings") if p.get("station") == "Embassy of the Netherlands, Bogotá" and p["officer"] in bogota
    )
    assert await officer_ids(api, nameContains="gerard") == [gerard]


async def walk(client: GraphQLClient, query: str, field: str, size: int, backward: bool, **variables: Any) -> list[list[str]]:
    """Every page of a connection, first to last (forward) or last to first (backward): the ids."""
    pages: list[list[str]] = []
    cursor = None
    while len(pages) < 100:
        direction = {"last": size, "before": cursor} if backward else {"first": size, "after": cursor}
        page = (await client.data(query, {**variables, **direction}))[field]
        pages.append([n["id"] for n in page["nodes"]])
        info = page["pageInfo"]
        assert info["hasNextPage" if backward else "hasPreviousPage"] is (cursor is not None)
        if not info["hasPreviousPage" if backward else "hasNextPage"]:
            return pages
        cursor = info["startCursor" if backward else "endCursor"]
    raise AssertionError("paging does not end")


def assert_same_pages_both_ways(forward: list[list[str]], backward: list[list[str]], size: int) -> None:
    every = sum(forward, [])
    assert len(every) == len(set(every)) > size
    assert sum(backward[::-1], []) == every, "backward pages are the forward list, in its order"
    assert backward[0] == every[-size:]


async def test_pages_backward_give_the_pages_forward_in_reverse(api: GraphQLClient) -> None:
    forward = await walk(api, FIND, "findOfficers", 4, False, text="embassy")
    backward = await walk(api, FIND, "findOfficers", 4, True, text="embassy")

    assert sum(forward, []) == await found(api, "embassy")
    assert_same_pages_both_ways(forward, backward, 4)


OFFICERS = """
query($first: Int, $after: String, $last: Int, $before: String) {
  officers(filter: {nameContains: "e"}, first: $first, after: $after, last: $last, before: $before) {
    nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def test_officers_page_backward_too(api: GraphQLClient) -> None:
    assert_same_pages_both_ways(await walk(api, OFFICERS, "officers", 9, False), await walk(api, OFFICERS, "officers", 9, True), 9)


async def test_text_without_a_word_or_both_directions_at_once_is_bad_user_input(api: GraphQLClient) -> None:
    no_word = (await api.errors(FIND, {"text": " ?! "}))[0]
    both = (await api.errors(FIND, {"text": "gerard", "first": 2, "last": 2}))[0]

    assert no_word["extensions"]["code"] == "BAD_USER_INPUT" and "text" in no_word["message"]
    assert both["extensions"]["code"] == "BAD_USER_INPUT" and "last" in both["message"]
