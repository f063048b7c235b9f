"""The README's quick start and 5-minute tour, run as written against a live `lonet serve --demo`.

The commands are read from README.md itself (its ```sh blocks in those two sections), so the
README and this test cannot drift. Only the demo's address is changed (the test's server listens
on a free port, not on 8000), and the `make` lines are left out: they install lonet and start the
server this test starts itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .api.conftest import DEMO_TODAY
from .api.test_graphql_http_audit import REPO, demo_server, server_env

README = REPO / "README.md"
TOUR_SECTIONS = ("Quick start", "5-minute tour")
README_URL = "http://127.0.0.1:8000"
BLOCK_TIMEOUT_S = 120


def section(markdown: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", markdown, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no section '## {title}'"
    return match.group(1)


def tour_blocks() -> list[str]:
    """The shell blocks of the quick start and the tour, without the `make` lines."""
    markdown = README.read_text()
    blocks = []
    for title in TOUR_SECTIONS:
        for block in re.findall(r"^```sh\n(.*?)^```", section(markdown, title), re.MULTILINE | re.DOTALL):
            commands = [line for line in block.splitlines() if not line.startswith("make ")]
            if any(line.strip() for line in commands):
                blocks.append("\n".join(commands) + "\n")
    return blocks


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A demo on the demo network's day, and a copy of the checkout's examples to run the tour in
    (its `npm ci` must not pull node_modules from under the other tests)."""
    home = tmp_path_factory.mktemp("readme-tour")
    checkout = home / "checkout"
    shutil.copytree(REPO / "client_examples", checkout / "client_examples", ignore=shutil.ignore_patterns("node_modules"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LONET_TODAY", DEMO_TODAY.isoformat())
        with demo_server(home) as url:
            yield url, checkout


def test_the_readme_has_a_tour_to_run() -> None:
    commands = "".join(tour_blocks())

    assert "lonet token" in commands and "request_and_follow.py" in commands and "node " in commands


def test_every_command_of_the_quick_start_and_the_tour_works_as_written(live: tuple[str, Path]) -> None:
    url, checkout = live
    base = url.removesuffix("/graphql")
    # The examples' default address is the README's; LONET_URL points them at this demo.
    env = {**server_env(checkout.parent), "LONET_TODAY": DEMO_TODAY.isoformat(), "LONET_URL": url}
    for block in tour_blocks():
        script = block.replace(README_URL, base)
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=checkout, env=env, capture_output=True, text=True, timeout=BLOCK_TIMEOUT_S, check=False,
        )
        shown = f"$ {block}\nexit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        assert done.returncode == 0, shown
        assert '"errors"' not in done.stdout and "Traceback" not in done.stderr, shown
        if "searchLiaisons" in block:  # the quick start's curl: the answer, not an error
            answer = json.loads(done.stdout)
            assert answer["data"]["searchLiaisons"]["matches"][0]["officer"]["name"], shown
    assert not (checkout / "data").exists(), "a command left a ./data directory behind"
    assert os.listdir(checkout) == ["client_examples"]


def test_make_demo_installs_the_tours_python_client_on_the_graphql_core_the_server_needs() -> None:
    """`make demo` (pip install -e '.[examples]') brings gql; gql 4.1+ would pull graphql-core
    3.3, on which the server does not start (graphene imports what 3.3 removed)."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    install = re.search(r"^install:\n\t(.*)$", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert install and "'.[examples]'" in install.group(1)
    core = next(Requirement(r) for r in project["dependencies"] if r.startswith("graphql-core"))
    [gql] = [Requirement(r) for r in project["optional-dependencies"]["examples"] if r.startswith("gql")]
    assert "3.2.8" in core.specifier and "3.3.0" not in core.specifier
    assert "4.0.0" in gql.specifier and "4.4.0" not in gql.specifier
