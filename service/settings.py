"""Settings from the environment (and a `.env` file), one place for every knob."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Engine(StrEnum):
    EMBEDDED = "embedded"
    NEO4J = "neo4j"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    engine: Engine = Field(Engine.EMBEDDED, validation_alias="LONET_ENGINE")
    embedded_path: Path = Field(Path("data/lonet.lbug"), validation_alias="LONET_EMBEDDED_PATH")
    store_threads: int = Field(4, ge=1, le=64, validation_alias="LONET_STORE_THREADS")

    neo4j_uri: str | None = Field(None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(SecretStr("neo4j"), validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")

    timezone: str = Field("Europe/Brussels", validation_alias="LONET_TIMEZONE")
    # Pins "today" (demos and tests of a network anchored on a date); unset in production.
    today: date | None = Field(None, validation_alias="LONET_TODAY")

    max_body_bytes: int = Field(1_000_000, ge=1024, validation_alias="LONET_MAX_BODY_BYTES")

    host: str = Field("127.0.0.1", validation_alias="LONET_HOST")
    port: int = Field(8000, validation_alias="LONET_PORT")


@lru_cache
def get_settings() -> Settings:
    return Settings()
