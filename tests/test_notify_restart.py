"""SIGKILL `lonet serve` between the commit of a request and the delivery of its mail (the mail
server is down at commit time): after a restart the mail goes out, once; `lonet notify --once`
then sends deadline alerts, and nothing more about that request."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import httpx

from .api.test_graphql_http_audit import free_port, log_tail, server_env
from .smtp_server import SmtpServer, body_of
from .test_durability import lonet, start, token

REQUEST = """mutation { requestTasking(input: {title: "Identify the holder of a Serbian phone number",
    details: "Number seen in a cocaine case in Antwerp", country: "RS", competences: ["DRUGS"],
    legalBasis: BENELUX_POLICE_TREATY_2018}, justification: "case AN/2026/0412") { id reference assignee { id } } }"""
MINE = "{ myNotifications(first: 10) { nodes { kind reference emailStatus } } }"


def test_a_mail_pending_when_the_server_is_killed_goes_out_once_after_the_restart(tmp_path: Path) -> None:
    smtp_port = free_port()  # nothing listens there yet: the mail server is down
    env = {
        **server_env(tmp_path), "LONET_AUTH_MODE": "dev", "LONET_EMBEDDED_PATH": str(tmp_path / "lonet.lbug"),
        "LONET_SMTP_HOST": "127.0.0.1", "LONET_SMTP_PORT": str(smtp_port), "LONET_SMTP_TIMEOUT_SECONDS": "1",
        "LONET_NOTIFY_POLL_SECONDS": "0.2", "LONET_NOTIFY_RETRY_SECONDS": "0.5",
    }
    assert lonet("seed", env=env, cwd=tmp_path).returncode == 0
    investigator = token(env, tmp_path, "--role", "investigator", "--service", "BE-FEDPOL")
    liaison = token(env, tmp_path, "--role", "liaison_officer", "--service", "NL-POLITIE", "--officer", "LO-001")
    port, log = free_port(), tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}/graphql"

    server = start(env, tmp_path, port, log)
    try:
        answer = httpx.post(url, json={"query": REQUEST}, headers={"Authorization": f"Bearer {investigator}"}, timeout=30).json()
        tasking = answer["data"]["requestTasking"]
        assert tasking["assignee"]["id"] == "LO-001", answer
        time.sleep(1.0)  # the loop tries, fails, waits to retry
        mine = httpx.post(url, json={"query": MINE}, headers={"Authorization": f"Bearer {liaison}"}, timeout=30).json()
        [waiting] = [n for n in mine["data"]["myNotifications"]["nodes"] if n["reference"] == tasking["reference"]]
        assert waiting["kind"] == "NEW_REQUEST" and waiting["emailStatus"] in ("PENDING", "SENDING")  # not mailed
    finally:
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)

    smtp = SmtpServer(smtp_port).start()
    try:
        server = start(env, tmp_path, port, log)
        try:
            # A claim the killed server may have held lapses after 2 x the SMTP timeout + 5 s.
            mails = smtp.mailbox.wait_for(tasking["reference"], timeout=15)
            assert len(mails) == 1, log_tail(log)
            assert mails[0]["To"] == "ruud.verhoeven@lo.example.nl" and "cocaine" not in body_of(mails[0])
            time.sleep(1.5)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        # The cron round: it alerts the demo network's overdue taskings (the server had not scanned
        # yet) and mails them, but nothing more about the request already mailed.
        done = lonet("notify", "--once", env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        alerted, delivered = map(int, re.fullmatch(r"deadline alerts queued: (\d+); mails delivered: (\d+)\n", done.stdout).groups())
        assert alerted > 0 and delivered == 2 * alerted  # the LO and the requesting service of each
        assert len(smtp.mailbox.about(tasking["reference"])) == 1
    finally:
        smtp.stop()
