"""The back office for evaluations: final evaluations read-only with export actions, the
list of exports, and no trace of the private session reflections."""

import csv
import html
import io

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse

from cycles.models import Style
from evaluations.models import ExportJob, FinalEvaluation, SessionEvaluation
from profiles.models import ExpertiseArea
from tests.factories import (
    ExportJobFactory,
    FinalEvaluationFactory,
    MenteeFactory,
    MentorshipFactory,
    SessionEvaluationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:evaluations_finalevaluation_changelist"


def evaluation(name="Maryam", country="SE", fields=("physics",), style=Style.TRADITIONAL, **kw):
    mentee = MenteeFactory(
        profile__display_name=name,
        profile__country=country,
        profile__expertise=[ExpertiseArea.objects.get(slug=slug) for slug in fields],
    )
    mentorship = MentorshipFactory(mentee=mentee, style=style, status="completed", phase=4)
    return FinalEvaluationFactory(mentorship=mentorship, author=mentee, **kw)


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def text_of(response) -> str:
    return html.unescape(response.content.decode())


# --- session reflections stay private --------------------------------------------------------


def test_session_reflections_are_not_in_the_admin():
    assert SessionEvaluation not in admin.site._registry
    assert FinalEvaluation in admin.site._registry
    assert ExportJob in admin.site._registry


def test_no_admin_page_shows_a_reflection(client):
    """The list and the first five change pages of every registered model, as a superuser:
    the reflection's text is on none of them, and no search finds it."""
    secret = "Only I know that I almost gave up after the second session"
    reflection = SessionEvaluationFactory(reflection=secret)
    FinalEvaluationFactory(mentorship=reflection.meeting.mentorship)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        pages.append(changelist)
        for pk in model.objects.values_list("pk", flat=True)[:5]:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[pk]))
        if model_admin.search_fields:
            found = client.get(changelist, {"q": "almost gave up"}).context["cl"].result_count
            assert found == 0, changelist

    mentorship = reflection.meeting.mentorship
    assert reverse("admin:cycles_mentorship_change", args=[mentorship.pk]) in pages
    assert reverse("admin:profiles_user_change", args=[reflection.author.pk]) in pages
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "almost gave up" not in text_of(response), page


# --- final evaluations -----------------------------------------------------------------------


def test_the_list_search_and_change_page_answer(staff_client):
    answers = evaluation(name="Maryam", stem_impact="I am now sure I want a PhD in physics.")
    evaluation(name="Aino", country="FI")

    listing = staff_client.get(reverse(CHANGELIST))
    search = staff_client.get(reverse(CHANGELIST), {"q": "Maryam"})
    nobody = staff_client.get(reverse(CHANGELIST), {"q": "Nobody"})
    change = staff_client.get(
        reverse("admin:evaluations_finalevaluation_change", args=[answers.pk])
    )

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 2
    assert "Finland" in text_of(listing)
    assert "Mentee" in text_of(listing)
    assert [e.pk for e in search.context["cl"].result_list] == [answers.pk]
    assert nobody.context["cl"].result_count == 0
    assert change.status_code == 200
    assert "I am now sure I want a PhD in physics." in text_of(change)
    assert 'name="_save"' not in change.content.decode()  # read-only


def test_evaluations_cannot_be_added_or_deleted(staff_client):
    answers = evaluation()
    superuser = UserFactory(is_staff=True, is_superuser=True)

    for client_user in (None, superuser):
        if client_user:
            staff_client.force_login(client_user)
        assert staff_client.get(reverse("admin:evaluations_finalevaluation_add")).status_code == 403
        delete = reverse("admin:evaluations_finalevaluation_delete", args=[answers.pk])
        assert staff_client.post(delete, {"post": "yes"}).status_code == 403
        actions = staff_client.get(reverse(CHANGELIST)).context["action_form"]
        names = [name for name, _label in actions.fields["action"].choices]
        assert names == ["", "export_csv", "export_xlsx"]
    assert FinalEvaluation.objects.filter(pk=answers.pk).exists()


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"country": "FI"}, ["Aino"]),
        ({"field": "mathematics"}, ["Aino"]),
        ({"mentorship__style__exact": "flash"}, ["Greta"]),
        ({}, ["Aino", "Greta", "Maryam"]),
    ],
)
def test_the_list_filters_mean_what_the_report_filters_mean(staff_client, query, names):
    evaluation(name="Maryam", country="SE", fields=("physics",))
    evaluation(name="Aino", country="FI", fields=("mathematics", "physics"))
    evaluation(name="Greta", country="SE", fields=("chemistry",), style=Style.FLASH)
    if "field" in query:
        query = {"field": ExpertiseArea.objects.get(slug=query["field"]).pk}

    response = staff_client.get(reverse(CHANGELIST), query)

    shown = sorted(e.author.profile.display_name for e in response.context["cl"].result_list)
    assert shown == names


def _action(client, action, evaluations, **extra):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [e.pk for e in evaluations], **extra},
    )


def test_export_selected_as_csv(staff_client):
    chosen = evaluation(name="Maryam", goals_met="@SUM(1,2)")
    evaluation(name="Aino")

    response = _action(staff_client, "export_csv", [chosen])

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(data, newline="")))
    assert header[2] == "Participant"
    assert [(row[2], row[13]) for row in rows] == [("Maryam", "'@SUM(1,2)")]


def test_export_selected_as_excel(staff_client):
    chosen = [evaluation(name="Maryam"), evaluation(name="Aino")]

    response = _action(staff_client, "export_xlsx", chosen)

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Aino",
        "Maryam",
    ]


def test_a_large_selection_becomes_an_export_job(
    staff_client, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    chosen = [evaluation(name="Maryam"), evaluation(name="Aino")]
    evaluation(name="Left out")

    with django_capture_on_commit_callbacks(execute=True):
        response = _action(staff_client, "export_csv", chosen)

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:export_detail", args=[job.public_id])
    assert job.filters["ids"] == sorted(e.pk for e in chosen)
    assert (job.status, job.total_rows) == (ExportJob.Status.DONE, 2)
    page = text_of(staff_client.get(response["Location"]))
    assert "2 final evaluations are being exported; this page shows the progress." in page
    assert "2 evaluations selected in the administration" in page
    download = staff_client.get(reverse("exports:export_download", args=[job.public_id]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert sorted(row[2] for row in rows[1:]) == ["Aino", "Maryam"]


def test_staff_outside_the_program_staff_group_see_no_evaluations(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse(CHANGELIST)).status_code == 403


# --- exports ---------------------------------------------------------------------------------


def test_the_list_of_exports_answers_and_is_read_only(staff_client):
    job = ExportJobFactory(
        status=ExportJob.Status.FAILED, error="OSError: disk full", filters={"country": "SE"}
    )
    changelist = reverse("admin:evaluations_exportjob_changelist")

    listing = staff_client.get(changelist)
    search = staff_client.get(changelist, {"q": job.requested_by.email})
    nobody = staff_client.get(changelist, {"q": "nobody@nowhere.example"})
    change = staff_client.get(reverse("admin:evaluations_exportjob_change", args=[job.pk]))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert search.context["cl"].result_count == 1
    assert nobody.context["cl"].result_count == 0
    assert change.status_code == 200
    assert "OSError: disk full" in text_of(change)
    assert "Country: Sweden" in text_of(change)
    assert staff_client.get(reverse("admin:evaluations_exportjob_add")).status_code == 403
