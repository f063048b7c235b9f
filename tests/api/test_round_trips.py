"""No N+1: a response's nesting depth, not its width, sets the number of store round trips."""

from __future__ import annotations

from .conftest import GraphQLClient

NESTED = """
query Nested($first: Int!) {
  officers(first: $first) {
    nodes {
      id name homeService { code }
      postings { city country { iso2 name(lang: NL) region { code } } serves { code } accreditedTo { iso2 } }
      competences { level competence { code name } }
    }
  }
}
"""


async def round_trips(api: GraphQLClient, first: int) -> tuple[int, int]:
    before = api.executor.stats.round_trips
    data = await api.data(NESTED, {"first": first})
    return api.executor.stats.round_trips - before, len(data["officers"]["nodes"])


async def test_fifty_officers_cost_the_same_round_trips_as_five(api: GraphQLClient) -> None:
    five, got_five = await round_trips(api, 5)
    fifty, got_fifty = await round_trips(api, 50)

    assert (got_five, got_fifty) == (5, 50)
    assert fifty == five
    # officers, postings, served services, accreditations, competences + reference lists
    assert fifty <= 10


async def test_search_with_nested_officer_fields_does_not_fan_out(api: GraphQLClient) -> None:
    query = """query($country: String!) { searchLiaisons(country: $country) {
        matches { officer { name competences { competence { code } } postings { city } } posting { serves { code } } } } }"""
    before = api.executor.stats.round_trips
    serbia = await api.data(query, {"country": "RS"})
    serbia_trips = api.executor.stats.round_trips - before
    before = api.executor.stats.round_trips
    colombia = await api.data(query, {"country": "CO"})
    colombia_trips = api.executor.stats.round_trips - before

    assert len(serbia["searchLiaisons"]["matches"]) != len(colombia["searchLiaisons"]["matches"])
    assert serbia_trips == colombia_trips
