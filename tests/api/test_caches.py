"""The per-process caches (reference lists, the directory's read model: service/usecases/caches.py)
never show a change late. Each test reads first, so that the caches are warm, changes something
through the API (or an import), and reads again at once."""

from __future__ import annotations

import asyncio
from datetime import date

from service.store.executor import StoreStats
from service.usecases.caches import ProcessCache
from service.usecases.reads import DirectoryReads

from .conftest import GraphQLClient, runs_of

SEARCH = """query($c: String!, $k: String, $s: String, $d: Date) {
  searchLiaisons(country: $c, competence: $k, requestingService: $s, onDate: $d) {
    matches { route available reasons officer { id } }
  }
}"""
SERBIA = '{en: "Serbia (renamed)", nl: "Servië", fr: "Serbie", de: "Serbien"}'


def admin(api: GraphQLClient) -> GraphQLClient:
    return api.as_("admin").justified("CHG-2026-200")


def lo_belgrade(api: GraphQLClient) -> GraphQLClient:
    return api.as_("lo-belgrade").justified("availability update")


async def matches(api: GraphQLClient, **variables) -> dict[str, dict]:
    found = (await api.data(SEARCH, variables))["searchLiaisons"]["matches"]
    return {m["officer"]["id"]: m for m in found}


# What the read model reads again of one LO after their change (not the whole network).
PATCH_READS = ("gatherings.windows_of_officer", "directory.deputies_of_officer")


def reads(api: GraphQLClient, statement: str) -> int:
    return api.executor.stats.by_statement[statement]


def workload_patch(api: GraphQLClient) -> str:
    """The statement that counts one tasking's officer's open taskings again (reads.workload_rows)."""
    return "search.open_workload_of_taskings" if api.executor.counts_in_statements else "search.statuses_assigned_with_tasking"


async def test_a_country_renamed_by_an_admin_is_shown_renamed_at_once(api: GraphQLClient) -> None:
    countries = '{ countries { iso2 name } }'
    assert {"iso2": "RS", "name": "Serbia"} in (await api.data(countries))["countries"]
    assert "posted in Serbia (Belgrade)" in (await matches(api, c="RS", k="DRUGS"))["LO-001"]["reasons"]

    await admin(api).data(f'mutation {{ saveCountry(iso2: "RS", version: 1, names: {SERBIA}) {{ version }} }}')

    assert {"iso2": "RS", "name": "Serbia (renamed)"} in (await api.data(countries))["countries"]
    assert "posted in Serbia (renamed) (Belgrade)" in (await matches(api, c="RS", k="DRUGS"))["LO-001"]["reasons"]


async def test_a_service_created_by_an_admin_can_be_asked_for_at_once(api: GraphQLClient) -> None:
    assert "LU-IGP" not in [s["code"] for s in (await api.data("{ services { code } }"))["services"]]
    unknown = await api.errors(SEARCH, {"c": "RS", "s": "LU-IGP"})
    assert unknown[0]["extensions"]["code"] == "BAD_USER_INPUT"

    await admin(api).data('mutation { createService(input: {code: "LU-IGP", name: "IGP", kind: INSPECTION}) { code } }')

    assert "LU-IGP" in [s["code"] for s in (await api.data("{ services { code } }"))["services"]]
    # known now, and served at once by the postings serving all Benelux services (a flag, not a list)
    assert "LO-001" in await matches(api, c="RS", s="LU-IGP")
    assert "LO-004" not in await matches(api, c="RS", s="LU-IGP")  # serves the Belgian services it names


async def test_competences_changed_by_an_admin_change_search_at_once(api: GraphQLClient) -> None:
    assert "LO-002" not in await matches(api, c="BA", k="CYBER", s="BE-FEDPOL")
    officer = (await api.data('{ officer(id: "LO-002") { version } }'))["officer"]

    await admin(api).data(
        'mutation($v: Int!) { updateOfficer(id: "LO-002", version: $v, input: {competences: [{code: "CYBER", level: 3}]}) '
        "{ version } }",
        {"v": officer["version"]},
    )

    found = await matches(api, c="BA", k="CYBER", s="BE-FEDPOL")
    assert "CYBER level 3 (specialist)" in found["LO-002"]["reasons"]


WHOLE_READS = ("directory.all_officers", "gatherings.all_windows", "directory.all_postings")


async def test_availability_set_by_the_lo_changes_search_at_once(api: GraphQLClient) -> None:
    assert (await matches(api, c="RS", k="DRUGS"))["LO-001"]["available"] is True
    whole = [reads(api, name) for name in WHOLE_READS]

    await lo_belgrade(api).data('mutation { setAvailability(status: ON_LEAVE, note: "sick", version: 1) { version } }')

    first = (await matches(api, c="RS", k="DRUGS"))["LO-001"]
    assert first["available"] is False
    assert "on leave: sick" in first["reasons"]
    # Only the LO's own record was read again, not every officer and window of the network.
    assert [reads(api, name) for name in WHOLE_READS] == whole
    assert reads(api, "directory.officer_by_id") >= 1


async def test_an_lo_s_change_is_patched_into_the_read_model_before_anyone_searches_again(api: GraphQLClient) -> None:
    """The first search after an LO's change waited for the patch of their record (2.6-2.9 times
    a warm search on the full network, issue 22): the patch starts at the commit, so the next
    search finds it done or under way and makes none of its own. A change of status re-reads the
    LO's record only: their windows and deputies are areas of their own, left as kept."""
    await matches(api, c="RS", k="DRUGS")
    await api.data('{ officer(id: "LO-001") { deputies { id } } }')  # the deputies kept too
    others = {name: reads(api, name) for name in PATCH_READS}
    records = reads(api, "directory.officer_by_id")

    await lo_belgrade(api).data('mutation { setAvailability(status: ON_LEAVE, note: "sick", version: 1) { version } }')

    # Nobody has read anything since: the patch ran all the same, once (the mutation's answer is
    # the record as its update gave it back, not read again).
    assert await runs_of(api.executor, "directory.officer_by_id", records) == records + 1
    before = api.executor.stats.round_trips
    first = (await matches(api, c="RS", k="DRUGS"))["LO-001"]
    assert first["available"] is False and "on leave: sick" in first["reasons"]
    warm_before = api.executor.stats.round_trips
    await matches(api, c="RS", k="DRUGS")
    assert warm_before - before == api.executor.stats.round_trips - warm_before  # as a warm search
    assert reads(api, "directory.officer_by_id") == records + 1
    assert {name: reads(api, name) for name in PATCH_READS} == others  # windows and deputies not read again


async def test_a_planned_absence_is_patched_in_with_the_lo_s_record_and_not_their_deputies(api: GraphQLClient) -> None:
    """A window changes the LO's windows and stamps their record (updatedAt): both are read
    again for that LO, before anyone searches; their deputies are not."""
    day = "2027-04-14"
    assert (await matches(api, c="RS", k="DRUGS", d=day))["LO-001"]["available"] is True
    stamp = (await api.data('{ officer(id: "LO-001") { deputies { id } updatedAt } }'))["officer"]["updatedAt"]
    windows, deputies = (reads(api, name) for name in PATCH_READS)
    records = reads(api, "directory.officer_by_id")

    await lo_belgrade(api).data(
        'mutation { addAvailabilityWindow(startsOn: "2027-04-12", endsOn: "2027-04-16", status: ON_MISSION) { id } }'
    )

    assert await runs_of(api.executor, "gatherings.windows_of_officer", windows) == windows + 1
    assert await runs_of(api.executor, "directory.officer_by_id", records) == records + 1
    assert (await matches(api, c="RS", k="DRUGS", d=day))["LO-001"]["available"] is False
    assert (await api.data('{ officer(id: "LO-001") { deputies { id } updatedAt } }'))["officer"]["updatedAt"] != stamp
    assert reads(api, "directory.deputies_of_officer") == deputies
    assert (reads(api, "gatherings.windows_of_officer"), reads(api, "directory.officer_by_id")) == (windows + 1, records + 1)


async def test_a_request_for_assistance_is_counted_into_the_workload_before_anyone_searches(api: GraphQLClient) -> None:
    manager = api.as_("manager-be")
    await matches(manager, c="RS", k="DRUGS")
    counted = reads(api, workload_patch(api))

    await api.justified().data(
        'mutation { requestTasking(input: {title: "Check an address", country: "RS", competences: ["DRUGS"], '
        'legalBasis: BENELUX_POLICE_TREATY_2018, assignee: "LO-001"}) { id } }'
    )

    assert await runs_of(api.executor, workload_patch(api), counted) == counted + 1
    after = (await matches(manager, c="RS", k="DRUGS"))["LO-001"]
    assert any("open tasking" in r for r in after["reasons"])
    assert reads(api, workload_patch(api)) == counted + 1  # the search counted nothing again


async def test_an_acceptance_leaves_the_workload_as_counted_and_a_cancellation_counts_it_again(api: GraphQLClient) -> None:
    """An open tasking moved to another open state (accepted) leaves its LO's open taskings as many:
    they are not counted again after the commit. One moved to a closed state is, and shows at once."""
    manager = api.as_("manager-be")

    def open_taskings(match: dict) -> str:
        return next(r for r in match["reasons"] if "open tasking" in r)

    await matches(manager, c="RS", k="DRUGS")
    counted = reads(api, workload_patch(api))
    made = (await api.justified().data(
        'mutation { requestTasking(input: {title: "Check an address", country: "RS", competences: ["DRUGS"], '
        'legalBasis: BENELUX_POLICE_TREATY_2018, assignee: "LO-001"}) { id version } }'
    ))["requestTasking"]
    counted = await runs_of(api.executor, workload_patch(api), counted)
    requested = open_taskings((await matches(manager, c="RS", k="DRUGS"))["LO-001"])

    accepted = await lo_belgrade(api).data(
        "mutation($id: ID!, $v: Int!) { acceptTasking(id: $id, version: $v) { status version } }", {"id": made["id"], "v": made["version"]}
    )
    assert accepted["acceptTasking"] == {"status": "ACCEPTED", "version": 2}
    await asyncio.sleep(0.2)  # what a patch after the commit would have read by now
    assert open_taskings((await matches(manager, c="RS", k="DRUGS"))["LO-001"]) == requested
    assert reads(api, workload_patch(api)) == counted

    await api.justified().data(
        'mutation($id: ID!) { cancelTasking(id: $id, version: 2, reason: "solved at home") { status } }', {"id": made["id"]}
    )
    assert open_taskings((await matches(manager, c="RS", k="DRUGS"))["LO-001"]) != requested  # one fewer
    assert reads(api, workload_patch(api)) == counted + 1


async def test_deputies_reordered_by_the_lo_show_at_once_without_reading_every_deputy_again(api: GraphQLClient) -> None:
    deputies = '{ officer(id: "LO-001") { deputies { id } } }'
    assert [d["id"] for d in (await api.data(deputies))["officer"]["deputies"]] == ["LO-002", "LO-003"]
    whole = reads(api, "availability.all_deputy_links")

    changed = await lo_belgrade(api).data('mutation { setDeputies(officerIds: ["LO-003", "LO-002"]) { deputies { id } } }')

    assert [d["id"] for d in changed["setDeputies"]["deputies"]] == ["LO-003", "LO-002"]
    assert [d["id"] for d in (await api.data(deputies))["officer"]["deputies"]] == ["LO-003", "LO-002"]
    assert reads(api, "availability.all_deputy_links") == whole


async def test_a_window_planned_by_the_lo_changes_search_on_its_days_at_once(api: GraphQLClient) -> None:
    day = "2027-04-14"
    assert (await matches(api, c="RS", k="DRUGS", d=day))["LO-001"]["available"] is True

    await lo_belgrade(api).data(
        'mutation { addAvailabilityWindow(startsOn: "2027-04-12", endsOn: "2027-04-16", status: ON_MISSION, note: "Vienna") { id } }'
    )

    on_mission = (await matches(api, c="RS", k="DRUGS", d=day))["LO-001"]
    assert on_mission["available"] is False
    assert "on mission on 2027-04-14 until 2027-04-16 (Vienna)" in on_mission["reasons"]
    assert reads(api, "gatherings.all_windows") == 1  # the first search's; the LO's own windows after


async def test_requests_for_assistance_keep_the_directory_cached_and_show_the_new_workload(api: GraphQLClient) -> None:
    manager = api.as_("manager-be")  # exact open-tasking counts are statistics: managers see them
    before = (await matches(manager, c="RS", k="DRUGS"))["LO-001"]
    open_before = next(r for r in before["reasons"] if "open tasking" in r)
    directory_reads = reads(api, "directory.all_postings"), reads(api, "directory.all_officers")

    await api.justified().data(
        'mutation { requestTasking(input: {title: "Check an address", country: "RS", competences: ["DRUGS"], '
        'legalBasis: BENELUX_POLICE_TREATY_2018, assignee: "LO-001"}) { id } }'
    )

    after = (await matches(manager, c="RS", k="DRUGS"))["LO-001"]
    assert next(r for r in after["reasons"] if "open tasking" in r) != open_before  # one more
    assert (reads(api, "directory.all_postings"), reads(api, "directory.all_officers")) == directory_reads
    # Only LO-001's open taskings were counted again, not every officer's.
    assert reads(api, "search.open_workload") == 1
    assert reads(api, workload_patch(api)) >= 1


async def test_an_import_changes_what_every_later_request_sees(api: GraphQLClient) -> None:
    assert {"iso2": "ME", "name": "Montenegro"} in (await api.data("{ countries { iso2 name } }"))["countries"]
    csv = "iso2,name_en,name_nl,name_fr,name_de\nME,Montenegro (imported),Montenegro,Monténégro,Montenegro\n"

    admin = api.as_("admin").justified("IMP-2026-7")
    response = await admin.http.post(
        "/admin/import?apply=true", files={"countries.csv": ("countries.csv", csv.encode())}, headers=admin.headers
    )

    assert response.status_code == 200, response.text
    assert {"iso2": "ME", "name": "Montenegro (imported)"} in (await api.data("{ countries { iso2 name } }"))["countries"]


async def test_without_a_time_to_live_every_request_reads_again(api: GraphQLClient) -> None:
    """LONET_CACHE_SECONDS=0: nothing is kept (what several workers on Neo4j would set to see
    each other's changes at once)."""
    for _ in range(2):
        await DirectoryReads(api.executor, cache_ttl=0).countries()
    kept = DirectoryReads(api.executor)
    await kept.countries()
    await DirectoryReads(api.executor).countries()

    assert reads(api, "directory.countries") == 3
    assert (await kept.model()).covering("RS", date(2026, 11, 24))  # the read model answers too


async def test_a_value_past_its_time_to_live_is_served_while_it_is_read_again_in_the_background() -> None:
    """Every LONET_CACHE_SECONDS the whole read model was read again while requests waited: on
    Neo4j under load, searches stalled for seconds (bench/RESULTS.md, issue 22). A value only
    older than that is served while one read runs in the background; a change of this process
    is still read before anyone is answered."""
    cache, stats, ttl = ProcessCache(), StoreStats(), 0.05
    network = ["as read first"]
    whole_reads: list[str] = []
    finish = asyncio.Event()

    async def read_whole() -> str:
        whole_reads.append(network[-1])
        if len(network) > 1:
            await finish.wait()  # a slow read: nobody may wait for it
        return network[-1]

    get = lambda: cache.get("model", ("directory",), stats, ttl, read_whole)  # noqa: E731
    assert await get() == "as read first"
    network.append("changed by another process")
    await asyncio.sleep(ttl * 2)

    answers = await asyncio.wait_for(asyncio.gather(get(), get(), get()), timeout=1)

    assert answers == ["as read first"] * 3  # served at once ...
    assert len(whole_reads) == 2  # ... and read again behind, once for the three
    finish.set()
    for _ in range(100):
        if await get() == "changed by another process":
            break
        await asyncio.sleep(0.01)
    assert await get() == "changed by another process"

    network.append("changed by this process")
    await asyncio.sleep(ttl * 2)
    stats.changed({"directory"})  # its own commit: the next answer must show it
    assert await asyncio.wait_for(get(), timeout=1) == "changed by this process"


async def test_only_a_store_other_processes_write_is_read_again_with_time(api: GraphQLClient) -> None:
    """No other process can open an embedded store: its kept values go stale only by this
    process's changes, never by age (reading the whole network again every 30 s cost requests
    the rebuild). On Neo4j other workers write too: past the time to live it is read again."""
    reads_of = lambda: reads(api, "directory.countries")  # noqa: E731
    await DirectoryReads(api.executor, cache_ttl=0.05).countries()
    await asyncio.sleep(0.3)  # what that started in the background (Neo4j) is done
    before = reads_of()

    await DirectoryReads(api.executor, cache_ttl=0.05).countries()
    await asyncio.sleep(0.3)

    assert reads_of() - before == (0 if api.executor.engine == "embedded" else 1)


async def test_coverage_follows_a_country_leaving_its_region_at_once(api: GraphQLClient) -> None:
    """The computed coverage is kept with the read model; a change to the reference lists alone
    (here a region) is seen too."""
    manager = api.as_("manager-nl")
    query = '{ coverage(competence: "DRUGS", region: "WESTERN_BALKANS") { countries { country { iso2 } status } } }'

    def balkans(data: dict) -> list[str]:
        return [c["country"]["iso2"] for c in data["coverage"]["countries"]]

    assert "MK" in balkans(await manager.data(query))  # a gap of the region (regions group, never cover)

    names = '{en: "North Macedonia", nl: "Noord-Macedonië", fr: "Macédoine du Nord", de: "Nordmazedonien"}'
    await admin(api).data(f'mutation {{ saveCountry(iso2: "MK", version: 1, names: {names}, region: null) {{ version }} }}')

    assert "MK" not in balkans(await manager.data(query))


async def test_requests_that_wait_for_a_read_or_a_patch_are_counted_by_value() -> None:
    """An operator sees how much of the writes' cost their readers pay: every request that waited
    for a cached value to be read or patched after a commit is counted under the value's name
    (lonet_cache_waits_total); one served from memory is not."""
    cache, stats = ProcessCache(), StoreStats()
    read_now = asyncio.Event()

    async def read_whole() -> str:
        await read_now.wait()
        return f"read at generation {stats.generations['directory']}"

    get = lambda: cache.get("officers", ("directory",), stats, 30.0, read_whole)  # noqa: E731
    read_now.set()
    assert await get() == "read at generation 0"
    assert stats.cache_waits == {"officers": 1}  # the first request read it
    assert await get() == "read at generation 0"
    assert stats.cache_waits == {"officers": 1}  # served from memory: no wait

    stats.changed({"directory"})  # a commit: the next requests wait for the value read again
    read_now.clear()
    waiting = [asyncio.ensure_future(get()) for _ in range(3)]
    await asyncio.sleep(0.01)
    assert not any(w.done() for w in waiting)
    read_now.set()
    assert await asyncio.gather(*waiting) == ["read at generation 1"] * 3
    assert stats.cache_waits == {"officers": 4}  # one read, three requests waited for it
