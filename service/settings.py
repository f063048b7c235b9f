"""Settings from the environment (and a `.env` file), one place for every knob."""

from __future__ import annotations

import os
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _user_state_dir() -> Path:
    """lonet's directory of per-user state (XDG Base Directory: $XDG_STATE_HOME, else ~/.local/state)."""
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "lonet"


class Engine(StrEnum):
    EMBEDDED = "embedded"
    NEO4J = "neo4j"


ASYMMETRIC_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")


class AuthMode(StrEnum):
    DEV = "dev"  # tokens signed with a local key (`lonet token`); the --demo default
    OIDC = "oidc"  # tokens of an OIDC identity provider, verified against its JWKS


def default_store_threads() -> int:
    """The embedded store's threads: the writer's and one reader per core, at most four in all.
    Each reader holds a connection and engine memory of its own. On the 2-core bench machine, two
    readers and the writer against four threads shared by both: the full network's server peaked
    about 50 MB lower, requests for assistance were faster (32 clients: 47-59 -> 67 a second),
    myTaskings at 32 clients ~15% fewer a second (bench/RESULTS.md, issue 22, eleventh session)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(4, cores + 1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    engine: Engine = Field(Engine.EMBEDDED, validation_alias="LONET_ENGINE")
    embedded_path: Path = Field(Path("data/lonet.lbug"), validation_alias="LONET_EMBEDDED_PATH")
    store_threads: int = Field(default_factory=default_store_threads, ge=1, le=64, validation_alias="LONET_STORE_THREADS")
    # After the store was unavailable, how long before the service tries it again.
    store_retry_seconds: float = Field(1.0, gt=0, validation_alias="LONET_STORE_RETRY_SECONDS")
    # On SIGTERM: how long in-flight requests may take to finish before connections are closed.
    shutdown_grace_seconds: float = Field(20.0, gt=0, validation_alias="LONET_SHUTDOWN_GRACE_SECONDS")
    # How long a process keeps reference data and the directory's read model without reading them
    # again (service/usecases/caches.py); its own changes are seen at once. 0: no caching.
    cache_seconds: float = Field(30.0, ge=0, validation_alias="LONET_CACHE_SECONDS")
    # Several workers or hosts as one service (service/broker): live updates, cache invalidation
    # and the rate limit go through this Redis (redis://host:6379/0, rediss:// for TLS). Unset:
    # each process on its own (right for one worker).
    broker_url: str | None = Field(None, pattern=r"^rediss?://", validation_alias="LONET_BROKER_URL")
    # The key the workers seal the taskings they send through the broker with (a Fernet key, see
    # deploy/README.md): a worker then serves another's change without reading the store. Every
    # worker and host needs the same; `serve --workers N` makes one for its own workers when
    # unset. Unset on several hosts: each reads the tasking from the store.
    broker_key: SecretStr | None = Field(None, validation_alias="LONET_BROKER_KEY")
    # After the broker was unreachable, how long before a worker tries it again.
    broker_retry_seconds: float = Field(0.5, gt=0, le=60, validation_alias="LONET_BROKER_RETRY_SECONDS")
    # Memory bounds: computed coverage reports kept (about 1 MB each, least recently used out);
    # validated GraphQL documents kept, by accounted bytes, and the largest document text kept.
    coverage_memo_entries: int = Field(32, ge=0, validation_alias="LONET_COVERAGE_MEMO_ENTRIES")
    document_cache_bytes: int = Field(16_000_000, ge=0, validation_alias="LONET_DOCUMENT_CACHE_BYTES")
    max_cached_document_bytes: int = Field(16_384, ge=0, validation_alias="LONET_MAX_CACHED_DOCUMENT_BYTES")
    # Whole-network reports (coverage and the other analytics) answered at once by a process:
    # each answer is built as about 10 MB of Python objects before it is sent, and 32 managers
    # at once took the full bench network's server from 620 to 730 MB (issue 22). The rest wait
    # their turn; on one process's interpreter that costs them no throughput.
    reports_at_once: int = Field(2, ge=1, validation_alias="LONET_REPORTS_AT_ONCE")
    # LadybugDB reserves address space for its largest possible size and takes 80% of RAM for
    # its buffer pool unless told otherwise; a directory needs far less. Unset: sized to the store
    # as it is opened (store.ladybug_executor.buffer_pool_for), so the pages its traffic writes
    # later are evicted rather than kept: a fixed 1 GB held every new page and the server grew
    # ~11 MB a minute through a 10-minute write mix (bench/RESULTS.md, issue 22).
    embedded_buffer_pool_mb: int | None = Field(None, ge=64, validation_alias="LONET_EMBEDDED_BUFFER_POOL_MB")
    embedded_max_db_gb: int = Field(64, ge=1, validation_alias="LONET_EMBEDDED_MAX_DB_GB")
    # LadybugDB keeps what commits changed in memory until a checkpoint writes it to the file, and
    # checkpoints inside the COMMIT that takes its log to this size: that group commit's units and
    # every one queued behind it wait. A checkpoint costs nearly the same whatever the log holds
    # (full bench network: ~40 ms for the Tasking table's last node group, 30-40 ms for each
    # relationship to a hub, whether 30 or 1,000 commits added to them), so a larger log means the
    # same stalls, rarer. 32 clients requesting and accepting for 20 s: p95 443 ms at 1 MB, 164
    # at 4 MB (p99 491 / 563: the stalls are still there, a quarter as often), for 15-40 MB more
    # at the peak. At LadybugDB's own 16 MB, 3,000 commits of one unit each (before group commit)
    # took the memory from 466 to 848 MB and rising (bench/RESULTS.md, issue 22).
    embedded_checkpoint_kb: int = Field(4096, ge=64, validation_alias="LONET_EMBEDDED_CHECKPOINT_KB")
    # Once writes pause this long with a quarter of a megabyte or more in the log, lonet checkpoints
    # then, where nobody waits, so the next burst starts with an empty log (0: never in a pause).
    embedded_pause_checkpoint_ms: int = Field(250, ge=0, validation_alias="LONET_EMBEDDED_PAUSE_CHECKPOINT_MS")
    # LadybugDB keeps memory for every row written since the store was opened, until it is closed
    # (~7 MB a minute under a steady write mix): once this much log (MB) has been written since,
    # lonet closes and opens the store again, in a pause of the writes if one comes before twice
    # that, else between two batches just after a commit's own checkpoint (60-130 ms; 0: never).
    # bench/RESULTS.md, issue 22.
    embedded_reopen_mb: int = Field(16, ge=0, validation_alias="LONET_EMBEDDED_REOPEN_MB")
    # How often (seconds) a server process has glibc give the whole pages it holds free back to
    # the system (service/api/collector.py; 0: never).
    memory_trim_seconds: float = Field(5.0, ge=0, validation_alias="LONET_MEMORY_TRIM_SECONDS")

    neo4j_uri: str | None = Field(None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(SecretStr("neo4j"), validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")
    # How long the driver retries a unit of work on transient errors and lost connections (a
    # leader switch, a restart) before the caller gets STORE_UNAVAILABLE.
    neo4j_retry_seconds: float = Field(5.0, ge=0, le=120, validation_alias="LONET_NEO4J_RETRY_SECONDS")
    # The longest a unit of work may wait for the store (Neo4j): past it, STORE_UNAVAILABLE.
    store_timeout_seconds: float = Field(30.0, gt=0, le=600, validation_alias="LONET_STORE_TIMEOUT_SECONDS")

    timezone: str = Field("Europe/Brussels", validation_alias="LONET_TIMEZONE")
    # Pins "today" (demos and tests of a network anchored on a date); unset in production.
    today: date | None = Field(None, validation_alias="LONET_TODAY")

    max_body_bytes: int = Field(1_000_000, ge=1024, validation_alias="LONET_MAX_BODY_BYTES")

    auth_mode: AuthMode = Field(AuthMode.OIDC, validation_alias="LONET_AUTH_MODE")
    # One place per user, whatever the working directory: `lonet token` run anywhere signs with the
    # key the demo server checks (a path relative to the directory gave each directory its own key).
    dev_key_file: Path = Field(default_factory=lambda: _user_state_dir() / "dev-signing-key.json", validation_alias="LONET_DEV_KEY_FILE")
    oidc_issuer: str | None = Field(None, validation_alias="LONET_OIDC_ISSUER")
    oidc_audience: str = Field("lonet", validation_alias="LONET_OIDC_AUDIENCE")
    oidc_jwks_url: str | None = Field(None, validation_alias="LONET_OIDC_JWKS_URL")
    oidc_jwks_file: Path | None = Field(None, validation_alias="LONET_OIDC_JWKS_FILE")
    oidc_algorithms: str = Field("RS256,ES256", validation_alias="LONET_OIDC_ALGORITHMS")
    # The web application (webapp/, at /app/) signs in as this public client of the provider
    # (authorization code with PKCE, no secret), asking for these scopes.
    oidc_client_id: str = Field("lonet-webapp", validation_alias="LONET_OIDC_CLIENT_ID")
    oidc_scope: str = Field("openid profile", validation_alias="LONET_OIDC_SCOPE")
    # The web application's built files (index.html, assets/); default: the checkout's webapp/dist.
    webapp_dir: Path | None = Field(None, validation_alias="LONET_WEBAPP_DIR")
    # The longest a token may live (exp - iat, and exp - now): a stolen long-lived token is refused.
    max_token_hours: float = Field(12, gt=0, le=24 * 7, validation_alias="LONET_MAX_TOKEN_HOURS")
    claim_roles: str = Field("roles", validation_alias="LONET_CLAIM_ROLES")
    claim_service: str = Field("service", validation_alias="LONET_CLAIM_SERVICE")
    claim_officer: str = Field("officer_id", validation_alias="LONET_CLAIM_OFFICER")

    # Abuse limits (OWASP GraphQL guidance); each refusal names the limit.
    max_depth: int = Field(10, ge=2, le=50, validation_alias="LONET_MAX_DEPTH")
    # GraphiQL's full introspection query costs about 22,000 since the conversation's and the network life's types.
    max_cost: int = Field(30_000, ge=10, validation_alias="LONET_MAX_COST")
    max_aliases: int = Field(15, ge=0, validation_alias="LONET_MAX_ALIASES")
    max_tokens: int = Field(5000, ge=100, validation_alias="LONET_MAX_TOKENS")
    max_page_size: int = Field(100, ge=1, le=1000, validation_alias="LONET_MAX_PAGE_SIZE")
    rate_limit: str = Field("600/minute", validation_alias="LONET_RATE_LIMIT")
    # None: on in dev mode (GraphiQL needs it), off in OIDC (production) mode.
    introspection: bool | None = Field(None, validation_alias="LONET_INTROSPECTION")

    # Default deadlines by priority for requests outside the EU (inside it, Directive (EU) 2023/977's
    # limits apply: service/domain/deadlines.py).
    deadline_immediate_hours: int = Field(8, ge=1, validation_alias="LONET_DEADLINE_IMMEDIATE_HOURS")
    deadline_urgent_hours: int = Field(72, ge=1, validation_alias="LONET_DEADLINE_URGENT_HOURS")
    deadline_routine_hours: int = Field(168, ge=1, validation_alias="LONET_DEADLINE_ROUTINE_HOURS")

    # Administration: closed taskings lose their free text after this many days (by updatedAt);
    # the largest directory upload accepted by POST /admin/import.
    retention_days: int = Field(730, ge=1, validation_alias="LONET_RETENTION_DAYS")
    max_import_bytes: int = Field(20_000_000, ge=1024, validation_alias="LONET_MAX_IMPORT_BYTES")

    ws_init_timeout: float = Field(10.0, gt=0, validation_alias="LONET_WS_INIT_TIMEOUT")
    # One caller's share of the live updates: open WebSockets and running subscriptions.
    ws_max_connections_per_subject: int = Field(10, ge=1, validation_alias="LONET_WS_MAX_CONNECTIONS_PER_SUBJECT")
    ws_max_subscriptions_per_subject: int = Field(100, ge=1, validation_alias="LONET_WS_MAX_SUBSCRIPTIONS_PER_SUBJECT")

    # Slow and greedy clients (service/api/connections.py; uvicorn's own keep-alive and concurrency
    # limits besides): seconds for the headers and for the body, connections per client address
    # (0: no cap), idle seconds between two requests, connections and tasks in all.
    header_timeout: float = Field(10.0, gt=0, validation_alias="LONET_HEADER_TIMEOUT")
    body_timeout: float = Field(30.0, gt=0, validation_alias="LONET_BODY_TIMEOUT")
    max_connections_per_address: int = Field(256, ge=0, validation_alias="LONET_MAX_CONNECTIONS_PER_ADDRESS")
    keepalive_timeout: float = Field(5.0, gt=0, validation_alias="LONET_KEEPALIVE_TIMEOUT")
    max_concurrency: int = Field(2000, ge=1, validation_alias="LONET_MAX_CONCURRENCY")

    log_format: str = Field("auto", pattern="^(auto|json|text)$", validation_alias="LONET_LOG_FORMAT")
    log_level: str = Field("INFO", pattern="^(DEBUG|INFO|WARNING|ERROR)$", validation_alias="LONET_LOG_LEVEL")

    host: str = Field("127.0.0.1", validation_alias="LONET_HOST")
    port: int = Field(8000, validation_alias="LONET_PORT")
    # The consultation log's anchors, both outside the store (security/audit_chain.py): the key
    # that MACs every record and checkpoints, and where checkpoints go (and how often the server
    # writes one).
    audit_key_file: Path | None = Field(None, validation_alias="LONET_AUDIT_KEY_FILE")
    audit_checkpoint_dir: Path | None = Field(None, validation_alias="LONET_AUDIT_CHECKPOINT_DIR")
    audit_checkpoint_seconds: float = Field(3600, gt=0, validation_alias="LONET_AUDIT_CHECKPOINT_SECONDS")
    # Set: GET /metrics needs `Authorization: Bearer <this>` (else 401); unset: open, as before.
    metrics_token: SecretStr | None = Field(None, validation_alias="LONET_METRICS_TOKEN")

    # Notifications (service/usecases/notifications, service/notifier.py). Unset SMTP host: nothing
    # is mailed (notifications stay in the API, marked NOT_SENT).
    smtp_host: str | None = Field(None, validation_alias="LONET_SMTP_HOST")
    smtp_port: int = Field(25, ge=1, le=65535, validation_alias="LONET_SMTP_PORT")
    smtp_from: str = Field("lonet@localhost", validation_alias="LONET_SMTP_FROM")
    smtp_starttls: bool = Field(False, validation_alias="LONET_SMTP_STARTTLS")
    smtp_user: str | None = Field(None, validation_alias="LONET_SMTP_USER")
    smtp_password: SecretStr | None = Field(None, validation_alias="LONET_SMTP_PASSWORD")
    smtp_timeout_seconds: float = Field(10.0, gt=0, validation_alias="LONET_SMTP_TIMEOUT_SECONDS")
    # The link in every mail: where the web app or API is reached (the mail names the tasking's or notice's id).
    public_url: str = Field("http://localhost:8000", validation_alias="LONET_PUBLIC_URL")
    # The delivery loop: how often it looks for mail to send, the first retry's delay (doubled
    # each time, up to an hour) and the attempts before a notification is given up as FAILED.
    notify_poll_seconds: float = Field(1.0, gt=0, validation_alias="LONET_NOTIFY_POLL_SECONDS")
    notify_retry_seconds: float = Field(30.0, gt=0, validation_alias="LONET_NOTIFY_RETRY_SECONDS")
    notify_max_attempts: int = Field(12, ge=1, validation_alias="LONET_NOTIFY_MAX_ATTEMPTS")
    # Deadline alerts: when this share of a tasking's time is left ("approaching"), and when it has
    # passed; the scheduler (one per deployment) looks every so many seconds.
    deadline_alert_fraction: float = Field(0.25, gt=0, lt=1, validation_alias="LONET_DEADLINE_ALERT_FRACTION")
    deadline_scan_seconds: float = Field(60.0, gt=0, validation_alias="LONET_DEADLINE_SCAN_SECONDS")

    @field_validator("broker_key")
    @classmethod
    def _a_fernet_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            try:
                Fernet(value.get_secret_value())
            except (ValueError, TypeError):
                raise ValueError(
                    "LONET_BROKER_KEY is not a Fernet key (32 bytes, URL-safe base64: python -c "
                    "\"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\")"
                ) from None
        return value

    @field_validator("oidc_algorithms")
    @classmethod
    def _asymmetric_algorithms(cls, value: str) -> str:
        """Names exactly as JOSE spells them, asymmetric only; an empty list accepts no token at
        all and a lower-case name none either: both are refused at start, not at the first login."""
        names = [name.strip() for name in value.split(",") if name.strip()]
        if not names:
            raise ValueError("LONET_OIDC_ALGORITHMS names no algorithm (e.g. RS256,ES256)")
        wrong = [name for name in names if name not in ASYMMETRIC_ALGORITHMS]
        if wrong:
            raise ValueError(
                f"LONET_OIDC_ALGORITHMS: {', '.join(wrong)} is not an asymmetric JOSE algorithm "
                f"(exactly one of {', '.join(ASYMMETRIC_ALGORITHMS)}; names are case-sensitive)"
            )
        return ",".join(names)


@lru_cache
def get_settings() -> Settings:
    return Settings()


def introspection_enabled(settings: Settings) -> bool:
    if settings.introspection is not None:
        return settings.introspection
    return settings.auth_mode is AuthMode.DEV


def deadlines(settings: Settings) -> dict:
    from datetime import timedelta

    from .domain.enums import Priority

    return {
        Priority.IMMEDIATE: timedelta(hours=settings.deadline_immediate_hours),
        Priority.URGENT: timedelta(hours=settings.deadline_urgent_hours),
        Priority.ROUTINE: timedelta(hours=settings.deadline_routine_hours),
    }
