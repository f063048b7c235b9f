"""The applied schema versions, recorded in the graph itself."""

from datetime import datetime, timezone

from ..statement import read, write

CURRENT_SCHEMA_VERSION = read(
    "schema_version.current",
    "MATCH (v:SchemaVersion) RETURN v.version AS version, v.description AS description, v.appliedAt AS appliedAt "
    "ORDER BY v.version",
)

RECORD_SCHEMA_VERSION = write(
    "schema_version.record",
    "MERGE (v:SchemaVersion {version: $version}) "
    "ON CREATE SET v.description = $description, v.appliedAt = $appliedAt",
    example={"version": 999, "description": "example", "appliedAt": datetime(2026, 11, 24, 12, tzinfo=timezone.utc)},
)
