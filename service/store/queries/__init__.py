"""Every named statement of lonet, one module per domain. Importing this package registers them."""

from . import admin, analytics, audit, availability, bulk, counts, directory, maintenance, retention, schema_version, search, seed, tasking  # noqa: F401
