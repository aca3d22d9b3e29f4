from django.urls import path

from . import views, views_inbox

app_name = "notifications"

urlpatterns = [
    path("notifications/", views_inbox.inbox_page, name="inbox"),
    path("notifications/<int:pk>/", views_inbox.open_item, name="open"),
    path("notifications/read/", views_inbox.mark_all_read, name="mark_all_read"),
    path("account/notifications/", views.notification_settings, name="settings"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.notification_unsubscribe,
        name="unsubscribe",
    ),
]
