"""Keeps calendar tokens out of the server's log.

Django logs every answer from 400 up with its path ("Not Found: /calendar/<token>.ics"), so
a working token refused for a moment (read too often, or while her account is deactivated)
would be written to the log in full, and whoever reads the log could read her calendar. This
filter, on the ``django.request`` logger (``LOGGING`` in the settings), writes the path with
the token left out."""

import logging
import re

CALENDAR_TOKEN = re.compile(r"/calendar/[^/\s?#]+\.ics")
HIDDEN = "/calendar/….ics"


class HideCalendarTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if CALENDAR_TOKEN.search(message):
            record.msg = CALENDAR_TOKEN.sub(HIDDEN, message)
            record.args = ()
        return True
