"""Directory administration (creating reference records)."""

from ..statement import write

CREATE_SERVICE = write(
    "admin.create_service",
    "CREATE (s:Service {code: $code, name: $name, country: $country, kind: $kind}) RETURN s.code AS code",
    example={"code": "LU-TEST", "name": "Test service", "country": "LU", "kind": "police"},
)
