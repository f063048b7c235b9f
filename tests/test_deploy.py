"""The deployment files agree with the settings lonet has and the README documents."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from service.security.tokens import OidcTokens, build_verifier
from service.settings import Settings

REPO = Path(__file__).resolve().parents[1]
COMPOSE = REPO / "deploy" / "compose.yaml"


def setting_names() -> set[str]:
    return {field.validation_alias for field in Settings.model_fields.values()}


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def resolved(value: str) -> str:
    """${NAME:?message} / ${NAME:-default} as compose would fill them from deploy/example.env."""
    example = dict(
        line.split("=", 1) for line in (REPO / "deploy" / "example.env").read_text().splitlines() if "=" in line and not line.startswith("#")
    )
    return re.sub(r"\$\{(\w+)(?::[?-][^}]*)?\}", lambda m: example.get(m.group(1), "default"), str(value))


def test_the_compose_file_runs_neo4j_redis_a_migration_and_lonet_with_health_checks() -> None:
    services = compose()["services"]

    assert set(services) == {"neo4j", "redis", "migrate", "lonet"}
    assert services["neo4j"]["image"].startswith("neo4j:5")
    assert "neo4j-data:/data" in services["neo4j"]["volumes"]
    assert services["migrate"]["command"] == ["lonet", "migrate"]
    assert services["migrate"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert services["lonet"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "8000:8000" in services["lonet"]["ports"]
    assert "--workers" in services["lonet"]["command"]
    assert services["lonet"]["depends_on"]["redis"]["condition"] == "service_healthy"
    for name in ("neo4j", "redis", "lonet"):
        check = services[name]["healthcheck"]
        assert check["test"] and check["interval"] and check["retries"]
    assert "/readyz" in " ".join(services["lonet"]["healthcheck"]["test"])


def test_the_lonet_environment_names_only_real_settings_and_makes_a_production_configuration() -> None:
    environment = compose()["services"]["lonet"]["environment"]
    assert set(environment) <= setting_names(), set(environment) - setting_names()

    settings = Settings(**{name: resolved(value) for name, value in environment.items()})

    assert settings.engine.value == "neo4j" and settings.neo4j_uri == "bolt://neo4j:7687"
    assert settings.broker_url == "redis://redis:6379/0"  # the workers act as one (the compose file's redis)
    assert settings.broker_key is not None  # every host seals with the same key (deploy/.env)
    assert settings.auth_mode.value == "oidc"
    assert isinstance(build_verifier(settings), OidcTokens)


def test_the_readme_documents_every_setting_and_no_other() -> None:
    readme = (REPO / "README.md").read_text()
    table = [line for line in readme.splitlines() if line.startswith("| `")]
    documented = set()
    for row in table:
        first_cell = row.split("|")[1]
        names = re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell)
        # "`LONET_DEADLINE_IMMEDIATE_HOURS` / `_URGENT_HOURS`" abbreviates the shared prefix
        prefix = names[0].rsplit("_", 2)[0] if names else ""
        documented |= {n if not n.startswith("_") else prefix + n for n in names}
        documented |= {prefix + s for s in re.findall(r"`(_[A-Z_]+)`", first_cell)}
    documented = {n for n in documented if n.startswith(("LONET_", "NEO4J_"))}
    assert documented == setting_names(), (
        f"undocumented: {sorted(setting_names() - documented)}; not a setting: {sorted(documented - setting_names())}"
    )


# -- the reverse proxy (issue 20, item 7) ----------------------------------------------------------------

NGINX_CONF = REPO / "deploy" / "nginx" / "lonet.conf"
NGINX = Path("/usr/sbin/nginx")


def nginx_directives(text: str) -> dict[str, list[list[str]]]:
    """Each directive's argument lists, by `location` (None outside one); comments dropped."""
    found: dict[str, list[list[str]]] = {}
    location = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("location"):
            location = line.removesuffix("{").split()[-1]
        elif line == "}":
            location = None
        elif line.endswith(";"):
            name, *args = line.removesuffix(";").split()
            found.setdefault(f"{location}:{name}" if location else name, []).append(args)
    return found


def seconds(value: str) -> float:
    return float(value.removesuffix("s"))


def test_the_nginx_configuration_matches_lonets_settings() -> None:
    defaults = Settings()
    conf = nginx_directives(NGINX_CONF.read_text())

    assert conf["client_max_body_size"] == [[str(defaults.max_body_bytes)]]
    assert conf["/admin/import:client_max_body_size"] == [[str(defaults.max_import_bytes)]]
    assert seconds(conf["client_header_timeout"][0][0]) <= defaults.header_timeout
    assert seconds(conf["client_body_timeout"][0][0]) <= defaults.body_timeout
    assert seconds(conf["keepalive_timeout"][0][0]) <= defaults.keepalive_timeout
    [[zone, per_client]] = conf["limit_conn"]
    assert zone == "lonet_per_client" and 0 < int(per_client) <= defaults.max_connections_per_address
    assert ["127.0.0.1:8000"] in conf["server"] and defaults.port == 8000
    assert conf["ssl_protocols"] == [["TLSv1.2", "TLSv1.3"]]
    assert ["443", "ssl", "http2"] in conf["listen"]
    assert conf["/graphql:proxy_set_header"] == [["Upgrade", "$http_upgrade"], ["Connection", "$lonet_connection"]]


@pytest.mark.skipif(not NGINX.exists(), reason="Debian's nginx is not installed (apt-get install nginx): only the structural test ran")
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=lonet.example",
         "-keyout", str(key), "-out", str(cert)],
        capture_output=True, text=True, timeout=60,
    )
    assert made.returncode == 0, made.stderr
    (tmp_path / "lonet.conf").write_text(NGINX_CONF.read_text().replace("/etc/lonet/tls/", f"{tmp_path}/"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log {tmp_path}/access.log;\n  include {tmp_path}/lonet.conf;\n}}\n"
    )
    checked = subprocess.run([str(NGINX), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_a_broker_key_that_is_not_a_fernet_key_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="LONET_BROKER_KEY is not a Fernet key"):
        Settings(LONET_BROKER_KEY="secret")
