"""The services the platform runs on: Redis as cache (rate limits) and Celery broker."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, MenteeFactory
from westem.celery import app as celery_app

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def test_cache_is_redis_and_round_trips():
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("westem-ping", {"ok": 1}, 30)
    assert cache.get("westem-ping") == {"ok": 1}


def test_celery_broker_is_the_same_redis_and_answers():
    assert celery_app.conf.broker_url == settings.REDIS_URL
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=5)
        assert conn.connected


def test_failed_login_limit_is_kept_in_redis(client):
    user = MenteeFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    # The counters live in Redis, so every web worker sees the same limit.
    assert redis.Redis.from_url(settings.REDIS_URL).keys("westem:*")
