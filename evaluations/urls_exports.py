"""Exports of the final evaluations (CSV, Excel): direct downloads and Celery-run jobs."""

from django.urls import path

from . import views_exports

app_name = "exports"

urlpatterns = [
    path("", views_exports.export_list, name="export_list"),
    path("new/", views_exports.report_export, name="report_export"),
    path("<uuid:public_id>/", views_exports.export_detail, name="export_detail"),
    path("<uuid:public_id>/status.json", views_exports.export_status, name="export_status"),
    path("<uuid:public_id>/download/", views_exports.export_download, name="export_download"),
]
