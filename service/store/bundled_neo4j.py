"""The Neo4j that lonet starts itself: Neo4j 5.26 LTS Community built from tools/neo4j.

Used by the test run, `lonet serve --demo --engine neo4j` and `bench/run.py --engine neo4j`. The
server is a separate JVM (tools/neo4j's launcher: Bolt on 127.0.0.1 only, authentication on),
so the fault tests can SIGKILL it and start it again on the same data directory and port.
"""

from __future__ import annotations

import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from .executor import StoreUnavailable

PROJECT = Path(__file__).resolve().parents[2] / "tools" / "neo4j"
JAR = PROJECT / "target" / "lonet-neo4j.jar"
LIB = PROJECT / "target" / "lib"
# The classes a start loads, archived once (JVM class data sharing, archive_classes): a start maps
# them instead of loading and verifying each again, about 5.6 s of CPU instead of 8.4 s.
ARCHIVE = PROJECT / "target" / "lonet-neo4j.jsa"
READY = "lonet-neo4j ready "
USER = "neo4j"
JAVA_OPTIONS = "LONET_NEO4J_JAVA_OPTIONS"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def is_built() -> bool:
    return JAR.is_file() and LIB.is_dir() and any(LIB.glob("neo4j-*.jar"))


def build(*, quiet: bool = True) -> None:
    """`mvn package` in tools/neo4j (Maven's local repository makes a second build offline)."""
    if not (PROJECT / "pom.xml").is_file():
        raise StoreUnavailable(f"the bundled Neo4j needs a lonet checkout: {PROJECT / 'pom.xml'} is missing")
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StoreUnavailable("the bundled Neo4j is built with Maven: install it (apt-get install maven)")
    command = [mvn, "-B", *(["-q"] if quiet else []), "package"]
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    if result.returncode != 0:
        raise StoreUnavailable(f"building tools/neo4j failed:\n{result.stdout[-4000:]}{result.stderr[-4000:]}")
    archive_classes()


def archive_classes() -> None:
    """Start and stop a server once with the JVM writing the classes it loaded to ARCHIVE, which
    later starts then share (`make install-test` and `build()` do it; a missing or older archive
    only makes starts slower). Nothing to do while the archive is newer than the jar."""
    if _class_sharing():
        return
    staged = ARCHIVE.with_name(f"{ARCHIVE.name}.{os.getpid()}")
    with tempfile.TemporaryDirectory(prefix="lonet-neo4j-archive-") as home:
        server = BundledNeo4j(Path(home), archive_to=staged)
        server.start()
        server.stop()  # the JVM writes the archive as it exits
        if not staged.is_file():
            raise StoreUnavailable(f"the JVM wrote no class archive:\n{server._log_since(0)[-4000:]}")
    os.replace(staged, ARCHIVE)


def _class_sharing() -> list[str]:
    if ARCHIVE.is_file() and ARCHIVE.stat().st_mtime >= JAR.stat().st_mtime:
        return [f"-XX:SharedArchiveFile={ARCHIVE}"]
    return []


class BundledNeo4j:
    """One Neo4j server process on a data directory of its own.

    `start()` returns once Bolt accepts connections; `stop()` sends SIGTERM (a clean shutdown);
    `kill()` sends SIGKILL, as a crash would. Both can be followed by `start()` again, on the same
    data and port.
    """

    def __init__(
        self, home: Path, *, port: int | None = None, password: str | None = None, heap: str = "1g", archive_to: Path | None = None
    ) -> None:
        self.home = Path(home)
        self.archive_to = archive_to  # archive_classes: write the loaded classes there on exit
        self.port = port or free_port()
        self.password = password or secrets.token_urlsafe(18)
        self.heap = heap
        self.process: subprocess.Popen[bytes] | None = None
        self._log_offset = 0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.home / "launcher.log"

    def environment(self) -> dict[str, str]:
        """What a lonet process needs to reach this server."""
        return {"NEO4J_URI": self.uri, "NEO4J_USER": USER, "NEO4J_PASSWORD": self.password}

    def start(self, *, timeout: float = 180.0) -> None:
        """Start the server and return once Bolt accepts connections."""
        self.launch()
        self.wait_ready(timeout=timeout)

    def launch(self) -> None:
        """Start the JVM without waiting (several servers can then start side by side)."""
        if self.running():
            return
        if not is_built():
            build()
        self.home.mkdir(parents=True, exist_ok=True)
        java = shutil.which("java")
        if java is None:
            raise StoreUnavailable("the bundled Neo4j needs Java 17 (apt-get install openjdk-17-jre-headless)")
        command = [
            java,
            f"-Xmx{self.heap}",
            # Extra JVM options, e.g. the test run's quicker start (tests/conftest.py).
            *shlex.split(os.environ.get(JAVA_OPTIONS, "")),
            *([f"-XX:ArchiveClassesAtExit={self.archive_to}"] if self.archive_to else _class_sharing()),
            "-cp",
            f"{JAR}{os.pathsep}{LIB / '*'}",
            "eu.lonet.neo4j.Launcher",
            str(self.home / "dbms"),
            str(self.port),
        ]
        # The password goes through the environment only; the launcher reads NEO4J_PASSWORD.
        # Its standard input is a pipe held by this process: when this process ends, however it
        # ends, the pipe closes and the server shuts down.
        env = {**os.environ, "NEO4J_PASSWORD": self.password}
        self._log_offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.PIPE, env=env, start_new_session=True
            )

    def wait_ready(self, *, timeout: float = 180.0) -> None:
        assert self.process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self._log_since(self._log_offset)
            if READY in text:
                return
            if self.process.poll() is not None:
                raise StoreUnavailable(f"the bundled Neo4j exited with {self.process.returncode}:\n{text[-4000:]}")
            time.sleep(0.1)
        self.kill()
        raise StoreUnavailable(f"the bundled Neo4j did not accept Bolt connections within {timeout:.0f} s")

    def _log_since(self, offset: int) -> str:
        try:
            with self.log.open("rb") as log:
                log.seek(offset)
                return log.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, *, timeout: float = 60.0) -> None:
        if not self.running():
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close_pipe()

    def kill(self) -> None:
        if self.running():
            assert self.process is not None
            self.process.kill()
            self.process.wait()
        self._close_pipe()

    def _close_pipe(self) -> None:
        if self.process is not None and self.process.stdin is not None:
            self.process.stdin.close()

    def __enter__(self) -> BundledNeo4j:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
