from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Generic helpers every app may use: set-based SQL, form helpers and widgets, columns in
    two languages, template filters. It knows nothing of the program."""

    name = "core"

    def ready(self):
        from . import cldr

        cldr.name_countries_from_cldr()
