"""The safety pages, under ``/safety/``: report and block someone, and the people blocked."""

from django.urls import path

from . import views_safety

app_name = "safety"

urlpatterns = [
    path("blocked/", views_safety.safety_blocked, name="safety_blocked"),
    path("blocked/unblock/", views_safety.safety_unblock, name="safety_unblock"),
    path("<slug:kind>/<uuid:public_id>/", views_safety.safety_person, name="safety_person"),
    path(
        "<slug:kind>/<uuid:public_id>/block/",
        views_safety.safety_block,
        name="safety_block",
    ),
]
