"""The resource library and the program's events."""

from django.urls import path

from . import views_events, views_library

app_name = "resources"

urlpatterns = [
    # --- the library
    path("resources/", views_library.library, name="library"),
    path("resources/<uuid:public_id>/", views_library.resource_detail, name="resource_detail"),
    path(
        "resources/<uuid:public_id>/download/",
        views_library.resource_download,
        name="resource_download",
    ),
    # --- events
    path("events/", views_events.event_list, name="event_list"),
    path("events/<uuid:public_id>/", views_events.event_detail, name="event_detail"),
    path("events/<uuid:public_id>/sign-up/", views_events.event_sign_up, name="event_sign_up"),
    path("events/<uuid:public_id>/cancel/", views_events.event_cancel, name="event_cancel"),
    path("events/<uuid:public_id>/calendar.ics", views_events.event_ics, name="event_ics"),
]
