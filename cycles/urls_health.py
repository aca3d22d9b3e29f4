"""The staff's health page (issue 22), under ``/staff/health/``: the pairs at risk, and a
check-in with one pair. Apart from the pair's workspace (``cycles.urls``): these are staff
pages, for no participant."""

from django.urls import path

from . import views_health

app_name = "health"

urlpatterns = [
    path("", views_health.health_list, name="pairs"),
    path("<uuid:public_id>/check-in/", views_health.health_check_in, name="check_in"),
]
