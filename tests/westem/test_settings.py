"""Production settings pass Django's deployment checks without a single warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def _production_env(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "CELERY_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "westem.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "westem.example",
            # Hosts that cannot resolve: the check must not need a database or a cache.
            "DATABASE_URL": "postgres://westem:secret@db.invalid:5432/westem",
            "REDIS_URL": "redis://redis.invalid:6379/0",
            "EMAIL_URL": "smtp://localhost:25",
        }
    )
    env.update(overrides)
    return env


def _check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_deploy_reports_no_issues():
    result = _check(_production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]

    result = _check(env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


CLIENT_IP = (
    "import django; django.setup();"
    "from django.test import RequestFactory;"
    "from allauth.core.internal.httpkit import get_client_ip;"
    "print(get_client_ip(RequestFactory().get("
    "'/', REMOTE_ADDR='10.0.0.2', HTTP_X_FORWARDED_FOR='198.51.100.9, 203.0.113.7')))"
)


@pytest.mark.parametrize(
    ("proxies", "client"), [(None, "203.0.113.7"), ("2", "198.51.100.9"), ("0", "10.0.0.2")]
)
def test_behind_the_proxy_rate_limits_see_each_visitor(proxies, client):
    """allauth limits sign-ins per client address: behind the proxy, the visitor's, not the
    proxy's (one proxy by default)."""
    overrides = {"ALLAUTH_TRUSTED_PROXY_COUNT": proxies} if proxies else {}
    result = subprocess.run(
        [sys.executable, "-c", CLIENT_IP],
        cwd=BASE_DIR,
        env=_production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.stdout.strip() == client, result.stderr


@pytest.mark.parametrize("name", ["DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_ALLOWED_HOSTS"])
def test_production_has_no_default_for(name):
    env = _production_env()
    del env[name]

    result = _check(env)

    assert result.returncode != 0
    assert name in result.stderr
