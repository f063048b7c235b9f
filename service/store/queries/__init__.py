"""Every named statement of lonet, one module per domain. Importing this package registers them."""

from . import admin, analytics, audit, availability, bulk, conversation, counts, directory, maintenance, notifications, request_form, retention, search, seed, tasking, versions  # noqa: F401
