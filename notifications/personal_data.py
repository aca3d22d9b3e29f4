"""What the outbox holds about a person, for her data export and her erasure
(``core.personal_data``): the kinds of email she turned off and the emails written to her."""

from core.personal_data import Contributor, Erasure, Phase, register, when

from .models import InboxItem, Notification, NotificationOptOut


def export_outbox(user, by_staff: bool) -> dict:
    return {
        "email_notifications_turned_off": [
            {
                "kind": opt_out.kind,
                "delivery": opt_out.delivery,
                "chosen_at": when(opt_out.created_at),
            }
            for opt_out in NotificationOptOut.objects.filter(user=user).order_by("kind")
        ],
        "reminders_sent_to_me": [
            {
                "kind": notification.kind,
                "status": notification.status,
                "due_at": when(notification.created_at),
                "sent_at": when(notification.sent_at),
            }
            for notification in Notification.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "my_notifications_on_the_site": [
            {
                "kind": item.kind,
                "says": item.text,
                "events": item.count,
                "at": when(item.created_at),
                "read_at": when(item.read_at),
            }
            for item in InboxItem.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }


def delete_outbox(erasure: Erasure) -> None:
    """Her emails, sent or waiting (also those the erasure's first phase wrote to her), her
    inbox and her choices of emails: they exist only for her account."""
    Notification.objects.filter(user=erasure.user).delete()
    InboxItem.objects.filter(user=erasure.user).delete()
    NotificationOptOut.objects.filter(user=erasure.user).delete()


register(
    Contributor(
        name="notifications",
        apps=("notifications",),
        position=60,
        export=export_outbox,
        erasure={Phase.ANONYMISE: delete_outbox},
    )
)
