"""Attacks on the staff's to-do page: what a staff member can post to "Done" beyond the
buttons the page draws."""

import pytest
from django.urls import reverse

from profiles.models import StaffFollowUp

from .test_staff_todo import ended_early, staff  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

DONE = reverse("staff_todo_done")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    "forged",
    [
        lambda pk: f"{pk}²",  # a digit for str.isdigit, not for int()
        lambda pk: str(pk).translate(ARABIC_INDIC),  # digits int() reads, not the page's
        lambda pk: "9" * 5000,  # longer than int() converts
        lambda pk: "9" * 30,  # beyond any id
        lambda pk: f" {pk}",
        lambda pk: f"+{pk}",
    ],
)
def test_done_with_an_id_that_is_not_plain_digits_is_a_404(client, staff, forged):  # noqa: F811
    mentorship = ended_early()

    response = client.post(
        DONE, {"section": "cycles.ended_early", "object_id": forged(mentorship.pk)}
    )

    assert response.status_code == 404
    assert not StaffFollowUp.objects.exists()
