"""The program's reports for staff and reporters: the dashboard (SPEC §10)."""

from django.urls import path

from . import views_reports

app_name = "reports"

urlpatterns = [
    path("", views_reports.reports_dashboard, name="reports_dashboard"),
]
