"""Every named statement of lonet, one module per domain. Importing this package registers them."""

from . import admin, audit, availability, counts, directory, maintenance, schema_version, search, seed, tasking  # noqa: F401
