"""The people app's emails, as the outbox knows them (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind

USER_REPORTED = register_kind("user_reported", _("A report to review (staff)"), optional=False)
