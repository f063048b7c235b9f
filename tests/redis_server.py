"""A real Redis for the broker tests (Debian's redis-server): started by the test run, nothing
kept on disk, stopped at the end (and with the test run, should that be killed)."""

from __future__ import annotations

import ctypes
import signal
import subprocess
import time
from pathlib import Path

import redis

REDIS_SERVER = Path("/usr/bin/redis-server")
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child before exec: the kernel ends it when the test run ends, however that ends."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class RedisServer:
    def __init__(self, home: Path, port: int) -> None:
        self.home, self.port = home, port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        """Start (again, on the same port) and return once it answers PING."""
        self.home.mkdir(parents=True, exist_ok=True)
        with (self.home / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(self.home)],
                cwd=self.home, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
            )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout
        try:
            while True:
                assert self.process.poll() is None, (self.home / "redis.log").read_text()[-2000:]
                try:
                    if client.ping():
                        return
                except redis.ConnectionError:
                    assert time.monotonic() < deadline, f"redis-server did not answer within {timeout} s"
                    time.sleep(0.05)
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL, as an outage would: nothing is saved, connections drop."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
