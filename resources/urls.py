"""The resource library and the program's events."""

urlpatterns: list = []
