"""Session reflections are private: a reporter who requests every window the report page
accepts, with and without a country, and downloads the export, cannot recover one mentee's
ratings by reading a figure or by subtracting one figure from another."""

import csv
import io
import re
import zoneinfo
from datetime import date, datetime, timedelta
from itertools import product

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from evaluations.models import REFLECTION_RATINGS, SessionEvaluation
from evaluations.reports import REFLECTION_LABELS
from profiles import privacy
from tests.factories import (
    FinalEvaluationFactory,
    MeetingFactory,
    MenteeFactory,
    MentorshipFactory,
    ReporterFactory,
    SessionEvaluationFactory,
)

pytestmark = pytest.mark.django_db

URL = "/reports/"
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# Maja's private ratings: nobody else rates below 4.
MAJA = {"useful": 1, "prepared": 2, "understood": 1, "progress": 2}


def _reflect(author, mentorship, day: date, ratings: dict) -> None:
    """Her reflection on a session at noon that day, written that evening."""
    starts_at = datetime(day.year, day.month, day.day, 12, tzinfo=STOCKHOLM)
    SessionEvaluationFactory(
        meeting=MeetingFactory(mentorship=mentorship, starts_at=starts_at),
        author=author,
        created_at=starts_at + timedelta(hours=8),
        **ratings,
    )


def _program():
    """Five mentees of Sweden reflect in March and in June 2025; Maja, the only mentee of
    Iceland, once in March (after the others) and five times in December, alone."""
    crowd = []
    for _index in range(5):
        mentee = MenteeFactory(profile__country="SE")
        crowd.append((mentee, MentorshipFactory(mentee=mentee)))
    for index, (mentee, mentorship) in enumerate(crowd):
        ratings = {
            "useful": 4 + index % 2,
            "prepared": 5 - index % 2,
            "understood": 4 + (index // 2) % 2,
            "progress": 5,
        }
        _reflect(mentee, mentorship, date(2025, 3, 3 + index), ratings)
        _reflect(mentee, mentorship, date(2025, 6, 3 + index), ratings)
    maja = MenteeFactory(profile__country="IS")
    mentorship = MentorshipFactory(mentee=maja)
    _reflect(maja, mentorship, date(2025, 3, 20), MAJA)
    for day in range(1, 6):
        _reflect(maja, mentorship, date(2025, 12, day * 4), MAJA)
    FinalEvaluationFactory(mentorship=mentorship, author=maja)


ROW = re.compile(
    r'<th scope="row" class="fw-normal">([^<]+)</th>\s*'
    r'<td class="text-end">([\d.]+)</td>\s*<td class="text-end">(\d+)</td>'
)
LABELS = {str(label): name for name, label in REFLECTION_LABELS.items()}


def _figures(page: str) -> dict | None:
    """The reflection figures the page shows, as exact sums where they can be told (under 10
    answers, an average to one decimal gives the sum): {"count": n, question: sum}."""
    if "Some filters could not be used" in page:
        return None  # the window was refused: the page is not about it
    if 'id="reflections-heading"' not in page:
        return None  # no figures at all
    section = page[page.index('id="reflections-heading"') : page.index('id="export-heading"')]
    rows = {
        LABELS[label]: (float(average), int(count))
        for label, average, count in ROW.findall(section)
    }
    if set(rows) != set(REFLECTION_RATINGS):
        return None
    count = rows["useful"][1]
    if count >= 10:
        return None
    return {"count": count, **{name: round(rows[name][0] * count) for name in REFLECTION_RATINGS}}


def _windows():
    """Every window a reporter may ask for in 2025, as days and as months."""
    edges = [date(2025, 1, 1), date(2025, 3, 1), date(2025, 3, 19), date(2025, 3, 20)]
    edges += [date(2025, 3, 21), date(2025, 3, 31), date(2025, 6, 1), date(2025, 6, 30)]
    edges += [date(2025, 11, 30), date(2025, 12, 1), date(2025, 12, 31)]
    for since, until in product(edges, edges):
        if since <= until:
            yield (since, until), {"since": since.isoformat(), "until": until.isoformat()}
    for first, last in product(range(1, 13), range(1, 13)):
        if first <= last:
            end = date(2025, last + 1, 1) - timedelta(days=1) if last < 12 else date(2025, 12, 31)
            query = {"since": f"2025-{first:02}", "until": f"2025-{last:02}"}
            yield (date(2025, first, 1), end), query
    yield (date(1, 1, 1), date(9999, 12, 31)), {}


def _isolates_maja(figure: dict) -> bool:
    count = figure["count"]
    return count > 0 and all(figure[name] == MAJA[name] * count for name in REFLECTION_RATINGS)


def test_a_reporter_comparing_every_window_recovers_no_ones_ratings(client):
    _program()
    client.force_login(ReporterFactory())

    seen = []  # (period, country, figures)
    for (period, query), country in product(_windows(), ["", "IS", "SE"]):
        response = client.get(URL, {**query, "country": country} if country else query)
        assert response.status_code == 200
        figures = _figures(response.text)
        if figures is not None:
            seen.append((period, country, figures))

    # The months of at least five people are shown (March, with Maja among six; June).
    assert {period for period, country, _figures in seen if not country} >= {
        (date(2025, 3, 1), date(2025, 3, 31)),
        (date(2025, 6, 1), date(2025, 6, 30)),
    }
    recovered = [figures for _period, _country, figures in seen if _isolates_maja(figures)]
    for (outer, wide, bigger), (inner, narrow, smaller) in product(seen, seen):
        nested = outer[0] <= inner[0] and inner[1] <= outer[1] and wide in ("", narrow)
        if nested and bigger["count"] > smaller["count"]:
            difference = {name: bigger[name] - smaller[name] for name in bigger}
            if _isolates_maja(difference):
                recovered.append(difference)
    assert recovered == []

    # The export holds final evaluations only: nothing of a reflection.
    export = client.post(reverse("exports:report_export"), {"format": "csv"})
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    headers = next(csv.reader(io.StringIO(text)))
    assert not {str(label) for label in REFLECTION_LABELS.values()} & set(headers)


def _reflections_section(page: str) -> str:
    if 'id="reflections-heading"' not in page:
        return ""  # nothing in the window at all
    return page[page.index('id="reflections-heading"') : page.index('id="export-heading"')]


def test_a_late_or_changed_reflection_changes_no_figure_of_an_ended_month(client):
    """A reporter reads every month of 2025 and the year once they have ended; then Lina
    writes her first reflection on a March session, late, Sara tries to change hers on
    March, and another mentee of March is erased: when the reporter reads again, no figure
    of 2025 has moved, so the difference tells nothing of any of them."""
    _program()
    lina = MenteeFactory(profile__country="SE")
    late = MeetingFactory(
        mentorship=MentorshipFactory(mentee=lina),
        starts_at=datetime(2025, 3, 25, 12, tzinfo=STOCKHOLM),
    )
    kept = SessionEvaluation.objects.filter(
        meeting__starts_at__month=3, meeting__mentorship__mentee__profile__country="SE"
    ).first()
    sara = kept.author
    windows = [{"since": f"2025-{month:02}", "until": f"2025-{month:02}"} for month in range(1, 13)]
    windows.append({"since": "2025-01", "until": "2025-12"})
    reporter = ReporterFactory()

    def read() -> list[str]:
        client.force_login(reporter)
        return [_reflections_section(client.get(URL, window).text) for window in windows]

    before = read()
    assert [count for _label, _average, count in ROW.findall(before[2])] == ["6"] * 4  # March

    client.force_login(lina)
    url = reverse("evaluations:meeting_reflection", args=[late.public_id])
    written = client.post(url, {**MAJA, "reflection": ""})
    assert written.status_code == 302  # a first reflection may still be written late

    client.force_login(sara)
    url = reverse("evaluations:meeting_reflection", args=[kept.meeting.public_id])
    page = client.get(url).text
    message = (
        "This reflection is kept as you wrote it, so that the program's anonymous "
        "figures stay as they were."
    )
    assert message in page
    assert "Save my reflection" not in page
    changed = client.post(url, {**MAJA, "reflection": "Changed my mind."})
    assert changed.status_code == 200
    assert message in changed.text
    kept.refresh_from_db()
    assert (kept.useful, kept.reflection) != (MAJA["useful"], "Changed my mind.")

    # Another mentee of March has herself erased: her ratings stay, anonymously.
    erased = (
        SessionEvaluation.objects.filter(meeting__starts_at__month=3)
        .exclude(author__in=[sara, lina])
        .first()
        .author
    )
    privacy.erase_user(user=erased, by=erased)

    assert read() == before


@pytest.mark.parametrize("model", ["mentorship", "meeting"])
def test_staff_cannot_delete_what_the_reflection_figures_count(client, model):
    """Deleting a mentorship or a meeting in the admin would take its reflections, and so an
    ended month's figures, with it."""
    from tests.factories import MeetingFactory, StaffFactory

    meeting = MeetingFactory()
    target = meeting if model == "meeting" else meeting.mentorship
    staff = StaffFactory()
    staff.user_permissions.add(*Permission.objects.filter(codename=f"delete_{model}"))
    client.force_login(staff)

    url = reverse(f"admin:cycles_{model}_delete", args=[target.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert type(target).objects.filter(pk=target.pk).exists()
