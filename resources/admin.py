"""The back office of the resources app."""

from . import admin_events  # noqa: E402, F401
