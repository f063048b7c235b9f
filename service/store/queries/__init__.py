"""Every named statement of lonet, one module per domain. Importing this package registers them."""

from . import admin, analytics, audit, availability, bulk, conversation, coordinators, counts, directory, gatherings, maintenance, notices, notifications, request_form, retention, search, seed, tasking, versions, write_turn  # noqa: F401
