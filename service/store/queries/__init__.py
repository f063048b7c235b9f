"""Every named statement of lonet, one module per domain. Importing this package registers them."""

from . import admin, counts, maintenance, schema_version, seed  # noqa: F401
