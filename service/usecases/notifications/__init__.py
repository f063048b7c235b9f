"""Notifications: an outbox written with each change, mailed by the delivery loop
(service/notifier.py), read in the API; deadline alerts; per-user settings; calendars."""
