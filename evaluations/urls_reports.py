"""The program's reports for staff and reporters: the dashboard (SPEC §10)."""

urlpatterns: list = []
