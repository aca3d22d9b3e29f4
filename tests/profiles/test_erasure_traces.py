"""After "Delete my account", nothing in the database or in the stored files names her: every
text, character and JSON column of every table (read through the database's own description
of its tables, so a new table is searched without changing this test) and every file of the
storages is searched for her email addresses, her display name, her meeting handle, her
organisation and a phrase of her bio."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from evaluations import services as evaluation_services
from matching.models import ConnectionRequest
from profiles.models import Profile, Report, User
from tests.factories import (
    PASSWORD,
    ConnectionRequestFactory,
    EmailAddressFactory,
    EventFactory,
    ExportJobFactory,
    FinalEvaluationFactory,
    MenteeFactory,
    MentorFactory,
    MessageFactory,
    RegistrationFactory,
    ReportFactory,
    ResourceVisitFactory,
    StaffFactory,
)
from tests.profiles.test_privacy import mentorship_with_everything
from tests.profiles.test_views import profile_post

pytestmark = pytest.mark.django_db

EMAIL = "asamarie.lindqvist@example.org"
SECOND_EMAIL = "asamarie.work@example.org"
NAME = "Åsamarie Lindqvist"
HANDLE = "discord:asamarie_4821"
ORGANISATION = "Gotland Vulcan Laboratory"
BIO = "I grind mirrors for telescopes on Gotland every summer since I was twelve."
BIO_PHRASE = "mirrors for telescopes on Gotland"
TEXT_TYPES = {"CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField"}


def her_identifiers() -> list[str]:
    return [EMAIL, SECOND_EMAIL, NAME, HANDLE, ORGANISATION, BIO_PHRASE]


def text_columns() -> dict[str, list[str]]:
    """Every text-like column of every table, as the database describes them."""
    introspection = connection.introspection
    columns: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            found = []
            for column in introspection.get_table_description(cursor, table):
                try:
                    kind = introspection.get_field_type(column.type_code, column)
                except KeyError:
                    kind = ""
                if kind in TEXT_TYPES:
                    found.append(column.name)
            if found:
                columns[table] = found
    return columns


def traces_in_database(needles: list[str]) -> list[tuple[str, str, str]]:
    quote = connection.ops.quote_name
    found = []
    folded = [needle.casefold() for needle in needles]
    with connection.cursor() as cursor:
        for table, columns in text_columns().items():
            cursor.execute(
                f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}"  # noqa: S608
            )
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = str(value or "").casefold()
                    found.extend(
                        (table, column, needle)
                        for needle, fold in zip(needles, folded, strict=True)
                        if fold in text
                    )
    return found


def all_files(storage, directory: str = "") -> list[str]:
    directories, files = storage.listdir(directory)
    names = [f"{directory}{name}" for name in files]
    for sub in directories:
        names.extend(all_files(storage, f"{directory}{sub}/"))
    return names


def traces_in_files(needles: list[str]) -> list[tuple[str, str, str]]:
    found = []
    for alias in ("default", "photos", "exports", "resources"):
        storage = storages[alias]
        for name in all_files(storage):
            with storage.open(name) as handle:
                data = handle.read()
            found.extend(
                (alias, name, needle)
                for needle in needles
                if needle.encode() in data or needle.casefold().encode() in data.lower()
            )
    return found


def png(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), colour).save(buffer, "PNG")
    return buffer.getvalue()


def fill_everything(role: str) -> User:
    """Her account with a row of every kind, her identifiers in what she wrote alone, two
    photos (one replaced), an export file made before she leaves, and admin history about her."""
    factory = MentorFactory if role == "mentor" else MenteeFactory
    her = factory(
        email=EMAIL,
        profile__display_name=NAME,
        profile__meeting_handle=HANDLE,
        profile__organisation=ORGANISATION,
        profile__bio=BIO,
        profile__goals=f"Learn from {NAME}'s own way; reach me at {HANDLE}.",
    )
    EmailAddressFactory(user=her, email=SECOND_EMAIL)
    # Two photos through her profile page: the first one replaced by the second.
    client = Client()
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    for colour in ((200, 10, 10), (10, 200, 10)):
        upload = SimpleUploadedFile("me.png", png(colour), content_type="image/png")
        data = profile_post(
            display_name=NAME, bio=BIO, organisation=ORGANISATION, meeting_handle=HANDLE
        )
        assert (
            client.post(reverse("profiles:profile_edit"), {**data, "photo": upload}).status_code
            == 302
        )
    if role == "mentor":
        partner = MenteeFactory()
        mentorship = mentorship_with_everything(mentor=her, mentee=partner)
        ConnectionRequestFactory(
            mentor=her,
            mentee=MenteeFactory(),
            message="Hello!",
        )
    else:
        partner = MentorFactory()
        mentorship = mentorship_with_everything(mentor=partner, mentee=her)
        ConnectionRequestFactory(
            mentee=her,
            mentor=MentorFactory(),
            message=f"Hi, I am {NAME}; write to {EMAIL} or {HANDLE}.",
            status=ConnectionRequest.Status.PENDING,
        )
    MessageFactory(mentorship=mentorship, author=her, body=f"My new address is {SECOND_EMAIL}.")
    FinalEvaluationFactory(author=her, **{"mentorship__" + role: her}, strengths=f"As {NAME}: ok")
    RegistrationFactory(user=her, event=EventFactory(starts_at=timezone.now() + timedelta(days=9)))
    ResourceVisitFactory(user=her)
    # Safety: a report about her, reviewed by staff in the admin (its history names her).
    reporter = MenteeFactory()
    report = ReportFactory(reporter=reporter, reported=her, details="Not kind in a meeting.")
    staff = StaffFactory()
    admin = Client()
    admin.force_login(staff)
    response = admin.post(
        reverse("admin:profiles_report_change", args=[report.pk]),
        {"status": Report.Status.REVIEWED, "staff_note": "Talked with both."},
    )
    assert response.status_code == 302, response.text[:2000]
    her_profile = Profile.objects.get(user=her)
    # A staff export of the final evaluations, with her name and address in the file.
    job = ExportJobFactory(requested_by=staff)
    evaluation_services.run_export(job_id=job.pk)
    job.refresh_from_db()
    with job.file.open() as handle:
        assert NAME.encode() in handle.read()  # the premise: the file names her
    assert her_profile.photo
    return her


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_deleting_my_account_leaves_no_trace_of_me(role, django_capture_on_commit_callbacks):
    her = fill_everything(role)
    assert LogEntry.objects.filter(object_repr__icontains=EMAIL).exists()
    assert traces_in_database(her_identifiers())  # the premise: she is everywhere
    assert traces_in_files(her_identifiers()) or Profile.objects.get(user=her).photo

    client = Client()
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles:account_delete"), {"password": PASSWORD, "understand": "on"}
        )
    assert response.status_code == 302

    assert traces_in_database(her_identifiers()) == []
    assert traces_in_files(her_identifiers()) == []
    # Her photos are gone from the storage, the replaced one as well.
    assert Profile.objects.get(user=her).photo.name == ""


def test_admin_history_about_her_gets_a_neutral_name(django_capture_on_commit_callbacks):
    her = fill_everything("mentee")
    entries = list(
        LogEntry.objects.filter(object_repr__icontains=EMAIL).values_list("pk", flat=True)
    )
    assert entries

    client = Client()
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:account_delete"), {"password": PASSWORD, "understand": "on"})

    for entry in LogEntry.objects.filter(pk__in=entries):
        assert EMAIL not in entry.object_repr
        assert "deleted-" not in entry.object_repr or entry.content_type.model == "user"
    report_entry = LogEntry.objects.get(pk__in=entries, content_type__model="report")
    assert report_entry.object_repr == f"Report #{report_entry.object_id}"
    assert her.pk  # the rows stay
