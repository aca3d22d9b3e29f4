"""Export final evaluations to a file, for automation (cron, a funder's monthly report):

    python manage.py export_final_evaluations --format csv --output evaluations.csv \\
        [--since 2026-01-01] [--until 2026-06-30] [--language sv]

Writes directly (no Celery), with the same columns, filters and formula guard as the site's
exports, and prints the number of rows written.
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluations import exports
from evaluations.filters import ReportFilters
from evaluations.models import ExportJob


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} must be a date written YYYY-MM-DD, like 2026-01-31 (got {value!r})."
        ) from None


class Command(BaseCommand):
    help = "Export final evaluations as CSV or Excel (.xlsx) to a file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", required=True, help="csv or xlsx (Excel)", metavar="csv|xlsx"
        )
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--since", help="first day of submission, YYYY-MM-DD (included)")
        parser.add_argument("--until", help="last day of submission, YYYY-MM-DD (included)")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="language of the headers and labels: "
            + ", ".join(code for code, _name in settings.LANGUAGES),
        )

    def handle(self, *args, format, output, since, until, language, **options):
        if format not in ExportJob.Format.values:
            raise CommandError(f"--format must be csv or xlsx (got {format!r}).")
        languages = [code for code, _name in settings.LANGUAGES]
        if language not in languages:
            raise CommandError(
                f"--language must be one of {', '.join(languages)} (got {language!r})."
            )
        since = _date(since, "--since") if since else None
        until = _date(until, "--until") if until else None
        if since and until and until < since:
            raise CommandError("--until must not come before --since.")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder of --output does not exist: {path.parent}")

        queryset = exports.export_queryset(ReportFilters(since=since, until=until).as_json())
        with path.open("wb") as target:
            written = exports.WRITERS[format](queryset, target, language=language)
        self.stdout.write(
            f"{written} final evaluation{'' if written == 1 else 's'} written to {path}"
        )
