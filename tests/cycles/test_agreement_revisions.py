"""The agreement's dates lie within the mentorship, every change of its text is a new
revision, and an acceptance names the revision she read (``cycles.services.save_agreement``,
``accept_agreement``; issue 19)."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from cycles import services
from cycles.models import Agreement, AgreementVersion, Mentorship, MentorshipEvent
from tests.cycles.test_services import agreement_data, save
from tests.cycles.test_views import (
    agreement_post,
    as_user,
    field_errors,
    flash_messages,
    text,
    url,
)
from tests.factories import AgreementFactory, MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

STARTED = date(2026, 3, 3)
START_AFTER = "Start on or after 3 March 2026, when your mentorship started."
AT_MOST_4_MONTHS = "A mentoring cycle lasts at most 4 months: end on 3 July 2026 at the latest."
STALE = "The agreement changed since you opened it; read the new version."


@pytest.fixture
def pair():
    """Katherine mentors Mae, a traditional mentorship that started on 3 March 2026."""
    return MentorshipFactory(
        mentor=MentorFactory(profile__display_name="Katherine"),
        mentee=MenteeFactory(profile__display_name="Mae"),
        start_date=STARTED,
    )


# --- the dates -----------------------------------------------------------------------------


def test_an_agreement_may_not_start_before_the_mentorship(pair):
    with pytest.raises(ValidationError) as error:
        save(pair, start_date=STARTED - timedelta(days=1), end_date=date(2026, 5, 1))

    assert error.value.message_dict == {"start_date": [START_AFTER]}
    assert not Agreement.objects.exists()
    save(pair, start_date=STARTED, end_date=date(2026, 5, 1))


def test_an_agreement_may_not_run_past_four_months_of_the_mentorship(pair):
    """Before: the 4 months counted from the agreement's own start, so an agreement starting
    two months late ran 6 months (one pair's cycle lasted 206 days)."""
    with pytest.raises(ValidationError) as error:
        save(pair, start_date=date(2026, 5, 3), end_date=date(2026, 9, 3))

    assert error.value.message_dict == {"end_date": [AT_MOST_4_MONTHS]}
    with pytest.raises(ValidationError) as error:
        save(pair, start_date=date(2026, 7, 3), end_date=date(2026, 7, 10))

    assert error.value.message_dict == {
        "start_date": [
            "Start before 3 July 2026: a mentoring cycle lasts at most 4 months from the start "
            "of your mentorship (3 March 2026)."
        ],
        "end_date": [AT_MOST_4_MONTHS],
    }
    agreement = save(pair, start_date=date(2026, 5, 3), end_date=date(2026, 7, 3))
    assert (agreement.start_date, agreement.end_date) == (date(2026, 5, 3), date(2026, 7, 3))


def test_the_agreement_form_shows_the_date_errors_next_to_the_dates(client, pair):
    as_user(client, pair.mentee)

    response = client.post(
        url("cycles:agreement_edit", pair),
        agreement_post(pair, start_date="2026-03-01", end_date="2026-08-01"),
    )

    assert response.status_code == 200
    assert field_errors(response, "start_date") == [START_AFTER]
    assert field_errors(response, "end_date") == [AT_MOST_4_MONTHS]
    assert not Agreement.objects.exists()


def test_an_agreement_dated_before_the_mentorship_no_longer_fails_the_second_acceptance(
    client, pair
):
    """The 500 of issue 19: an agreement saved (before the rule) to run before the
    mentorship started. The second acceptance set the mentorship's end to the agreement's,
    before its start: the database's check refused it, a server error on every try."""
    AgreementFactory(mentorship=pair, start_date=date(2026, 1, 5), end_date=date(2026, 2, 27))
    refused = (
        "The agreement's dates lie outside your mentorship (from 3 March 2026 to 3 July 2026 at "
        "the latest). Edit the timeline first, then accept it."
    )

    shown = []
    for person in (pair.mentor, pair.mentee):
        as_user(client, person)
        response = client.post(url("cycles:agreement_accept", pair), {"version": "1"})
        assert response.status_code == 302  # the mentee's raised IntegrityError before
        shown += flash_messages(client.get(response["Location"]))

    assert shown == [("danger", refused), ("danger", refused)]
    pair.refresh_from_db()
    assert pair.end_date == STARTED + relativedelta(months=4)
    # Edited to lie within the mentorship, it is accepted by both.
    save(pair, start_date=STARTED, end_date=date(2026, 6, 30))
    for person in (pair.mentor, pair.mentee):
        as_user(client, person)
        client.post(url("cycles:agreement_accept", pair), {"version": "2"})
    pair.refresh_from_db()
    assert Agreement.objects.get().accepted_by_both
    assert pair.end_date == date(2026, 6, 30)


# --- revisions -----------------------------------------------------------------------------


def test_every_change_before_any_acceptance_is_a_new_revision(pair):
    save(pair)
    save(pair, by=pair.mentor, expectations="Second text.")

    agreement = save(pair, expectations="Third text.")

    assert agreement.version == 3
    assert list(AgreementVersion.objects.values_list("version", "content__expectations")) == [
        (2, "Second text."),
        (1, agreement_data(pair)["expectations"]),
    ]


def test_accepting_a_revision_that_was_changed_since_is_refused(pair):
    save(pair)
    save(pair, by=pair.mentor, expectations="Changed while Mae was reading.")

    with pytest.raises(ValidationError) as error:
        services.accept_agreement(mentorship=pair, by=pair.mentee, version=1)

    assert error.value.messages == [STALE]
    agreement = Agreement.objects.get()
    assert (agreement.mentor_accepted_at, agreement.mentee_accepted_at) == (None, None)
    assert not MentorshipEvent.objects.filter(kind=MentorshipEvent.Kind.AGREEMENT_ACCEPTED).exists()
    services.accept_agreement(mentorship=pair, by=pair.mentee, version=2)
    assert Agreement.objects.get().mentee_accepted_at is not None


def test_the_agreement_page_posts_the_revision_she_read_and_a_stale_one_is_refused(client, pair):
    save(pair)
    as_user(client, pair.mentee)
    page = text(client.get(url("cycles:agreement_detail", pair)))
    assert '<input type="hidden" name="version" value="1">' in page
    save(pair, by=pair.mentor, expectations="Changed while Mae was reading.")

    response = client.post(url("cycles:agreement_accept", pair), {"version": "1"})

    assert flash_messages(client.get(response["Location"])) == [("warning", STALE)]
    assert Agreement.objects.get().mentee_accepted_at is None
    missing = client.post(url("cycles:agreement_accept", pair), {})
    assert flash_messages(client.get(missing["Location"])) == [("warning", STALE)]
    client.post(url("cycles:agreement_accept", pair), {"version": "2"})
    assert Agreement.objects.get().mentee_accepted_at is not None
    assert Mentorship.objects.get().pk == pair.pk
