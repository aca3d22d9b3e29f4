"""Rules held by the database itself, checked on PostgreSQL where row locks and concurrent
transactions behave as in production."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from profiles import services
from profiles.models import CodeOfConduct, CodeOfConductAcceptance, Profile
from tests.factories import MenteeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_hours_per_month_is_bounded_by_the_database():
    profile = MenteeFactory().profile
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.filter(pk=profile.pk).update(hours_per_month=0)


def test_one_acceptance_per_user_and_version_in_the_database():
    user = MenteeFactory()
    code = CodeOfConduct.objects.current()
    with pytest.raises(IntegrityError), transaction.atomic():
        CodeOfConductAcceptance.objects.create(user=user, code=code)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_record_one_row():
    user = UserFactory()
    services.ensure_profile(user=user)
    code = CodeOfConduct.objects.current()
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def accept():
        try:
            barrier.wait()
            services.accept_code_of_conduct(user=user, code=code)
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert CodeOfConductAcceptance.objects.filter(user=user, code=code).count() == 1
