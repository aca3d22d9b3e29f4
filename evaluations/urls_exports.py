"""Exports of the final evaluations (CSV, Excel): direct downloads and Celery-run jobs."""

urlpatterns: list = []
