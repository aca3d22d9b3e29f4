"""A mail server the tests of the outbox can switch off."""

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class MailServer(LocmemBackend):
    """The locmem backend behind a switch: down, every send fails as an SMTP server's would."""

    down = False

    def send_messages(self, messages):
        if MailServer.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.MailServer"
    MailServer.down = False
    yield MailServer
    MailServer.down = False
