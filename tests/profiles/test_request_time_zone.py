"""A signed-in request renders in her time zone, and only that request: the thread that served
it serves the next request (a stranger's, another person's) in the site's zone."""

import pytest
from django.conf import settings
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone

from tests.factories import MenteeFactory

pytestmark = pytest.mark.django_db


def test_her_time_zone_does_not_outlive_her_request(client):
    seen = []
    tokyo = MenteeFactory(profile__timezone="Asia/Tokyo")
    client.force_login(tokyo)

    def spy(**signal):
        seen.append(timezone.get_current_timezone_name())

    template_rendered.connect(spy, dispatch_uid="zone-spy")
    try:
        response = client.get(reverse("dashboard"))
    finally:
        template_rendered.disconnect(dispatch_uid="zone-spy")

    assert response.status_code == 200
    assert "Asia/Tokyo" in seen  # the page was written in her zone
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
