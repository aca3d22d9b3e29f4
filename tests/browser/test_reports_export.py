"""Exports in a real browser: a staff member signs in (password and authenticator code), opens
the exports from the program report, exports the Swedish final evaluations as CSV and finds a
pair's answers in the file; then, with a large export run as a job, follows its progress bar
to "ready" and downloads the Excel file.
"""

import csv
import re
import time

import openpyxl
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from cycles.models import Style
from evaluations import services
from evaluations.models import ExportJob
from tests.factories import (
    PASSWORD,
    ExportJobFactory,
    FinalEvaluationFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _pair(mentor_name, mentee_name, country, style=Style.TRADITIONAL, **answers):
    mentor = MentorFactory(profile__display_name=mentor_name, profile__country=country)
    mentee = MenteeFactory(profile__display_name=mentee_name, profile__country=country)
    mentorship = MentorshipFactory(
        mentor=mentor, mentee=mentee, style=style, status="completed", phase=4
    )
    FinalEvaluationFactory(mentorship=mentorship, author=mentee, **answers)
    FinalEvaluationFactory(
        mentorship=mentorship,
        author=mentor,
        goals_met="Maryam chose her master's programme with confidence.",
        stem_impact="I will keep mentoring: it sharpened how I explain my work.",
    )
    return mentorship


def _code_for(user) -> str:
    """The authenticator app's current code for this user's TOTP secret."""
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _log_in_staff(page, staff) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email\s*\*?\s*$")).fill(staff.email)
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign In$|^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile(r"/2fa/authenticate/"))
    page.locator("input[name=code]").fill(_code_for(staff))
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def _report_page(page) -> bool:
    """Open the program report, whose export form has its filters, if it is there."""
    try:
        page.goto(reverse("reports:reports_dashboard"))
    except NoReverseMatch:
        page.goto(reverse("exports:export_list"))
        return False
    page.get_by_role("link", name="Export final evaluations").first.click()
    return True


def _form(page):
    return page.get_by_role("form", name="Export final evaluations").first


def test_a_staff_member_exports_final_evaluations(page, phone_page, screenshot, settings, tmp_path):
    pair = _pair(
        "Katherine",
        "Maryam",
        "SE",
        goals_met="Choose a master's programme in physics.\nApply for a summer internship.",
        biases="=People assumed I was the note-taker; I now say so, calmly.",
    )
    _pair("Olivia", "Aino", "FI", style=Style.FLASH)
    staff = StaffFactory(email="staff@westem.example")

    _log_in_staff(page, staff)
    from_report = _report_page(page)
    form = _form(page)
    expect(form).to_be_visible()
    form.get_by_label("Country").select_option("SE")

    with page.expect_download() as download_info:
        form.get_by_role("button", name="Export as CSV").click()
    download = download_info.value
    assert re.fullmatch(
        r"westem-final-evaluations-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename
    )
    path = tmp_path / "export.csv"
    download.save_as(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header[:4] == ["Submitted", "Pair", "Participant", "Role"]
    figures = rows[rows.index([]) + 1 :]  # the program's figures follow the evaluations
    rows = rows[: rows.index([])]
    assert figures[0] == ["Section", "Group", "Figure", "Value"]
    answers = {row[header.index("Participant")]: row for row in rows}
    assert set(answers) == {"Katherine", "Maryam"}  # Sweden only
    maryam = answers["Maryam"]
    assert maryam[header.index("Pair")] == str(pair.public_id)
    assert maryam[header.index("Role")] == "Mentee"
    assert maryam[header.index("Goals met")] == (
        "Choose a master's programme in physics.\nApply for a summer internship."
    )
    assert maryam[header.index("Biases and how to address them")].startswith("'=People")
    assert answers["Katherine"][header.index("Role")] == "Mentor"

    # The exports page, from the report's link to it.
    if from_report:
        page.get_by_role("link", name="Your exports").click()
    expect(page.get_by_role("heading", name="Export final evaluations", level=1)).to_be_visible()
    expect(page.get_by_text("No export prepared in the background yet.")).to_be_visible()
    screenshot(page, "exports-desktop")

    # A larger export than the page answers at once: a job, whose page ends ready.
    settings.EXPORT_SYNC_MAX_ROWS = 1
    form = _form(page)
    form.get_by_role("button", name="Export as Excel (.xlsx)").click()
    expect(page.get_by_role("heading", name="Export of final evaluations")).to_be_visible()
    expect(page.get_by_text("final evaluations are being exported")).to_be_visible()
    expect(page.get_by_role("heading", name="Your export is ready")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download")).click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    names = sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["Aino", "Katherine", "Maryam", "Olivia"]  # no filter this time
    screenshot(page, "export-ready-desktop")

    # A job still being written: the progress bar follows it, then the page turns ready.
    job = ExportJobFactory(
        requested_by=staff,
        format=ExportJob.Format.XLSX,
        status=ExportJob.Status.RUNNING,
        total_rows=4,
        rows_done=1,
    )
    page.goto(reverse("exports:export_detail", args=[job.public_id]))
    progress = page.locator("progress#export-progress")
    expect(progress).to_have_attribute("value", "25")
    expect(page.get_by_text("1 of 4 rows written")).to_be_visible()
    expect(page.get_by_role("link", name="Refresh")).to_be_hidden()  # the script follows it
    screenshot(page, "export-progress-desktop")
    ExportJob.objects.filter(pk=job.pk).update(rows_done=3)
    expect(page.locator("[data-export-percent]")).to_have_text("75%")
    expect(progress).to_have_js_property("value", 75)
    services.run_export(job_id=job.pk)
    expect(page.get_by_role("heading", name="Your export is ready")).to_be_visible()
    expect(page.get_by_text("4 final evaluations, one a row.")).to_be_visible()

    # On a phone: the export page and a job's page fit the screen.
    # The same session (an authenticator code is good for one sign-in only).
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(reverse("exports:export_list"))
    expect(phone_page.get_by_role("heading", name="Your recent exports")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "exports-phone")
    running = ExportJobFactory(
        requested_by=staff, status=ExportJob.Status.RUNNING, total_rows=10, rows_done=4
    )
    phone_page.goto(reverse("exports:export_detail", args=[running.public_id]))
    expect(phone_page.locator("progress#export-progress")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "export-progress-phone")
