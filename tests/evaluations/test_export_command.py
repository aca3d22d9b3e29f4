"""``manage.py export_final_evaluations``: the same export as the site's, from the command line."""

import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import FinalEvaluationFactory, MenteeFactory, MentorshipFactory

pytestmark = pytest.mark.django_db


def evaluation(name, when):
    mentee = MenteeFactory(profile__display_name=name)
    return FinalEvaluationFactory(
        mentorship=MentorshipFactory(mentee=mentee), author=mentee, submitted_at=when
    )


@pytest.fixture
def three():
    evaluation("January", datetime(2026, 1, 15, 12, tzinfo=UTC))
    evaluation("March", datetime(2026, 3, 15, 12, tzinfo=UTC))
    evaluation("May", datetime(2026, 5, 15, 12, tzinfo=UTC))


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_final_evaluations", *args, stdout=out)
    return out.getvalue()


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_of_every_evaluation(three, tmp_path):
    output = tmp_path / "all.csv"

    printed = run("--format", "csv", "--output", str(output))

    assert printed == f"3 final evaluations written to {output}\n"
    header, *rows = read_csv(output)
    assert header[:3] == ["Submitted", "Pair", "Participant"]
    assert [row[2] for row in rows] == ["January", "March", "May"]


def test_excel_of_a_period(three, tmp_path):
    output = tmp_path / "spring.xlsx"

    printed = run(
        "--format",
        "xlsx",
        "--output",
        str(output),
        "--since",
        "2026-02-01",
        "--until",
        "2026-04-30",
    )

    assert printed == f"1 final evaluation written to {output}\n"
    sheet = openpyxl.load_workbook(output).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["March"]


def test_headers_in_swedish(three, tmp_path):
    output = tmp_path / "sv.csv"

    run("--format", "csv", "--output", str(output), "--since", "2026-05-01", "--language", "sv")

    header, row = read_csv(output)
    with translation.override("sv"):
        assert header[0] == gettext("Submitted")
        assert row[3] == gettext("Mentee")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "--format must be csv or xlsx (got 'pdf')."),
        (
            ["--format", "csv", "--since", "2026-02-30"],
            "--since must be a date written YYYY-MM-DD, like 2026-01-31 (got '2026-02-30').",
        ),
        (
            ["--format", "csv", "--until", "31/12/2026"],
            "--until must be a date written YYYY-MM-DD, like 2026-01-31 (got '31/12/2026').",
        ),
        (
            ["--format", "csv", "--since", "2026-05-01", "--until", "2026-04-01"],
            "--until must not come before --since.",
        ),
        (["--format", "csv", "--language", "de"], "--language must be one of en, sv (got 'de')."),
    ],
)
def test_bad_arguments_are_explained(tmp_path, args, message):
    output = tmp_path / "out.csv"

    with pytest.raises(CommandError) as error:
        run(*args, "--output", str(output))

    assert str(error.value) == message
    assert not output.exists()


def test_a_missing_folder_is_explained(tmp_path):
    output = tmp_path / "nowhere" / "out.csv"

    with pytest.raises(CommandError, match="The folder of --output does not exist"):
        run("--format", "csv", "--output", str(output))


def test_format_and_output_are_required(tmp_path):
    with pytest.raises(CommandError, match="--format"):
        run("--output", str(tmp_path / "out.csv"))
