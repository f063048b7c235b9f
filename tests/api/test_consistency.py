"""Read your own writes on a cluster: a write's response carries its bookmarks, a request may send
them back (Lonet-Bookmark), and what is not a bookmark lonet gave out is refused."""

from __future__ import annotations

from .conftest import GraphQLClient

ACCEPT = 'mutation { acceptTasking(id: "T-0021", version: 1) { status version } }'
READ = '{ tasking(id: "T-0021") { status version } }'


async def test_a_write_hands_out_bookmarks_that_the_next_request_may_send_back(api: GraphQLClient) -> None:
    lo = api.as_("lo-belgrade", officer_id="LO-040").justified()
    accepted = await lo.post(ACCEPT)
    assert accepted.status_code == 200 and "errors" not in accepted.json(), accepted.json()
    bookmarks = accepted.headers.get("lonet-bookmark")
    if api.executor.engine == "neo4j":
        assert bookmarks, "a write on Neo4j must say which bookmark reads its result"
    else:
        assert bookmarks is None  # one copy of the data: nothing to wait for

    read = await api.as_("admin").justified().post(READ, **({"Lonet-Bookmark": bookmarks} if bookmarks else {}))
    assert read.json()["data"]["tasking"] == {"status": "ACCEPTED", "version": 2}
    public = await api.post("{ regions { code } }")
    assert "lonet-bookmark" not in public.headers  # nothing written: not even a consultation record


async def test_a_malformed_bookmark_header_is_bad_user_input(api: GraphQLClient) -> None:
    response = await api.as_("admin").post(READ, **{"Lonet-Bookmark": "not a bookmark; DROP"})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "Lonet-Bookmark"


async def test_a_bookmark_the_database_never_gave_out_is_bad_user_input_on_neo4j(api: GraphQLClient) -> None:
    response = await api.as_("admin").justified().post(READ, **{"Lonet-Bookmark": "FB:kcwQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="})
    body = response.json()
    if api.executor.engine == "neo4j":
        assert response.status_code < 500
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], body
    else:
        assert body["data"]["tasking"]["status"] == "REQUESTED"  # the embedded engine has no bookmarks
