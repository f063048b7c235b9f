"""An LO's availability: status, absence windows, deputies."""

from datetime import date, datetime, timezone
from functools import partial

from ..statement import read
from ..statement import write as _write
from .directory import OFFICER_FIELDS

# Status, windows and deputies each change only their own area (statement.AREAS), and each only
# the part of the officer in $officer: committing them leaves the caches of the other areas, and
# those of their area re-read that officer only (service/usecases/caches.py).
write = partial(_write, changes={"availability"}, keyed_by="officer")
write_windows = partial(_write, changes={"windows"}, keyed_by="officer")
write_deputies = partial(_write, changes={"deputies"}, keyed_by="officer")

_NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)

# The version check and the update are one statement: a concurrent update makes it match nothing.
# The first SET takes the officer's write lock before the version is compared (as in
# tasking.transition: Neo4j compares against what it read without a lock otherwise).
# It answers with the officer's record as changed (directory.officer_by_id's fields): not read
# again, a statement and a trip to the writer fewer.
SET_AVAILABILITY = write(
    "availability.set_status",
    "MATCH (o:Officer {id: $officer}) SET o.updatedAt = $now WITH o WHERE o.version = $version "
    "SET o.availability = $status, o.availabilityNote = $note, o.version = o.version + 1 "
    f"WITH o MATCH (o)-[:MEMBER_OF]->(s:Service) RETURN {OFFICER_FIELDS}",
    example={"officer": "LO-001", "version": 1, "status": "LIMITED", "note": "court hearing", "now": _NOW},
    side_by_side=True,  # LadybugDB, full network: 25 rows 1.1 ms, one by one 9.6 (ladybug_side_by_side)
)

# Taking the officer's write lock first (Neo4j locks the node on SET) serialises window and
# deputy changes for one officer, so the overlap and cycle checks read a stable picture. It
# stamps the officer's record as changed (updatedAt), hence the availability area.
LOCK_OFFICER = write(
    "availability.lock_officer",
    "MATCH (o:Officer {id: $officer}) SET o.updatedAt = $now RETURN o.id AS id, o.version AS version",
    example={"officer": "LO-001", "now": _NOW},
)

ADD_WINDOW = write_windows(
    "availability.add_window",
    "MATCH (o:Officer {id: $officer}) "
    "CREATE (w:AvailabilityWindow {id: $id, startsOn: $startsOn, endsOn: $endsOn, status: $status, note: $note}) "
    "CREATE (o)-[:HAS_WINDOW]->(w) RETURN w.id AS id",
    example={
        "officer": "LO-002",
        "id": "W-EXAMPLE",
        "startsOn": date(2027, 3, 1),
        "endsOn": date(2027, 3, 5),
        "status": "ON_MISSION",
        "note": None,
    },
)

WINDOW_OWNER = read(
    "availability.window_owner",
    "MATCH (o:Officer)-[:HAS_WINDOW]->(w:AvailabilityWindow {id: $id}) RETURN o.id AS officer, w.id AS id",
    example={"id": "W-001"},
)

REMOVE_WINDOW = write_windows(
    "availability.remove_window",
    "MATCH (o:Officer {id: $officer})-[:HAS_WINDOW]->(w:AvailabilityWindow {id: $id}) DETACH DELETE w",
    example={"officer": "LO-001", "id": "W-001"},
)

ALL_DEPUTY_LINKS = read(
    "availability.all_deputy_links",
    "MATCH (o:Officer)-[d:DEPUTISED_BY]->(x:Officer) RETURN o.id AS officer, x.id AS deputy, d.rank AS rank",
)

CLEAR_DEPUTIES = write_deputies(
    "availability.clear_deputies",
    "MATCH (o:Officer {id: $officer})-[d:DEPUTISED_BY]->(:Officer) DELETE d",
    example={"officer": "LO-001"},
)

ADD_DEPUTIES = write_deputies(
    "availability.add_deputies",
    "UNWIND $rows AS r MATCH (o:Officer {id: $officer}) MATCH (x:Officer {id: r.deputy}) "
    "CREATE (o)-[:DEPUTISED_BY {rank: r.rank}]->(x)",
    example={"officer": "LO-001", "rows": [{"deputy": "LO-003", "rank": 1}]},
    unwinds="rows",
)

EXISTING_OFFICERS = read(
    "availability.existing_officers",
    "MATCH (o:Officer) WHERE o.id IN $ids RETURN o.id AS id",
    example={"ids": ["LO-001", "LO-002"]},
)
