"""Every named statement of lonet, one module per domain. Importing this package registers them."""

from . import admin, analytics, audit, availability, bulk, counts, coordinators, directory, gatherings, maintenance, notices, retention, search, seed, tasking, versions  # noqa: F401
