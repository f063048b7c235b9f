"""POST /admin/import as an admin's HTTP client uses it: admins only, dry run first, typed refusals."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from service.api.app import create_app
from service.store import Executor
from tests.api.conftest import GraphQLClient, dev_settings

NEW_OFFICER = "id,name,service,languages\nLO-H01,Hanna Janssens,BE-FEDPOL,nl;en\n"
OFFICER = '{ officer(id: "LO-H01") { name languages homeService { code } } }'


async def upload(client: GraphQLClient, query: str = "", **files: str) -> httpx.Response:
    parts = {name.replace("_", "."): (name.replace("_", "."), text.encode()) for name, text in files.items()}
    return await client.http.post(f"/admin/import{query}", files=parts, headers=client.headers)


async def test_a_dry_run_reports_and_writes_nothing_then_apply_writes(api: GraphQLClient) -> None:
    admin = api.as_("admin")

    dry = await upload(admin, officers_csv=NEW_OFFICER)
    assert dry.status_code == 200
    assert dry.json()["applied"] is False
    assert dry.json()["changes"] == [{"entity": "officers", "key": "LO-H01", "action": "created", "fields": []}]
    assert (await api.data(OFFICER))["officer"] is None

    applied = await upload(admin.justified("CHG-7"), "?apply=true", officers_csv=NEW_OFFICER)
    assert applied.status_code == 200 and applied.json()["applied"] is True
    officer = (await api.data(OFFICER))["officer"]
    assert officer == {"name": "Hanna Janssens", "languages": ["nl", "en"], "homeService": {"code": "BE-FEDPOL"}}


async def test_a_json_document_is_accepted(api: GraphQLClient) -> None:
    admin = api.as_("admin").justified()
    document = {"officers": [{"id": "LO-H01", "name": "Hanna Janssens", "service": "BE-FEDPOL", "languages": ["nl", "en"]}]}

    response = await admin.http.post("/admin/import?apply=1", json=document, headers=admin.headers)

    assert response.status_code == 200, response.json()
    assert (await api.data(OFFICER))["officer"]["homeService"] == {"code": "BE-FEDPOL"}


async def test_bad_rows_are_422_with_every_problem_and_nothing_is_written(api: GraphQLClient) -> None:
    admin = api.as_("admin").justified()
    bad = NEW_OFFICER + "LO-H02,,BE-FEDPOL,nl\nLO-H03,Piet,BE-NOPE,nl\n"

    response = await upload(admin, "?apply=true", officers_csv=bad)

    assert response.status_code == 422
    body = response.json()
    assert body["applied"] is False
    assert [(p["file"], p["line"], p["column"]) for p in body["problems"]] == [
        ("officers.csv", 3, "name"),
        ("officers.csv", 4, "service"),
    ]
    assert (await api.data(OFFICER))["officer"] is None


@pytest.mark.parametrize("who", ["investigator-be", "lo-belgrade", "manager-be"])
async def test_only_admins_may_import(api: GraphQLClient, who: str) -> None:
    response = await upload(api.as_(who).justified(), "?apply=true", officers_csv=NEW_OFFICER)

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await api.data(OFFICER))["officer"] is None


async def test_without_a_valid_token_it_is_401(api: GraphQLClient) -> None:
    anonymous = await api.http.post("/admin/import", files={"officers.csv": ("officers.csv", NEW_OFFICER.encode())}, headers={"Authorization": ""})
    forged = await api.http.post("/admin/import", json={}, headers={"Authorization": "Bearer not.a.token"})

    for response in (anonymous, forged):
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("query", "content", "status", "code"),
    [
        ("?apply=true", {"files": {"officers.csv": ("officers.csv", NEW_OFFICER.encode())}}, 400, "BAD_USER_INPUT"),
        ("?apply=maybe", {"files": {"officers.csv": ("officers.csv", NEW_OFFICER.encode())}}, 400, "BAD_REQUEST"),
        ("?format=xml", {"files": {"officers.csv": ("officers.csv", NEW_OFFICER.encode())}}, 400, "BAD_REQUEST"),
        ("", {"content": NEW_OFFICER.encode(), "headers": {"content-type": "text/csv"}}, 415, "BAD_REQUEST"),
    ],
    ids=["apply-without-justification", "apply-not-a-boolean", "unknown-format", "other-media-type"],
)
async def test_a_malformed_upload_is_a_typed_error(api: GraphQLClient, query: str, content: dict, status: int, code: str) -> None:
    admin = api.as_("admin")
    headers = {**admin.headers, **content.pop("headers", {})}

    response = await admin.http.post(f"/admin/import{query}", headers=headers, **content)

    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code


async def test_an_upload_over_the_size_limit_is_413(demo_store: Executor, tmp_path: Path, api: GraphQLClient) -> None:
    settings = dev_settings(tmp_path, LONET_MAX_IMPORT_BYTES=2048)
    app = create_app(settings, executor=demo_store, insecure_dev_auth=True)
    big = NEW_OFFICER + "".join(f"LO-H{n:04d},Officer {n},BE-FEDPOL,nl\n" for n in range(200))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lonet.test") as http:
        response = await http.post(
            "/admin/import", files={"officers.csv": ("officers.csv", big.encode())}, headers=api.as_("admin").headers
        )

    assert response.status_code == 413
    assert "LONET_MAX_IMPORT_BYTES" in response.json()["errors"][0]["message"]
