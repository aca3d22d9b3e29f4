"""The secrets of two-factor authentication, encrypted at rest.

allauth keeps each authenticator app's TOTP secret and the seed of the recovery codes in
``mfa_authenticator.data``; whoever reads that table (a backup, a replica, a leaked dump) could
make every code. They are stored as Fernet tokens (AES-128-CBC and HMAC-SHA256), under a key
derived from ``MFA_ENCRYPTION_KEY`` or, when that is empty, from ``SECRET_KEY``. Changing the
key makes the stored secrets unreadable: those authenticators then have to be removed (the
admin) and set up again.
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "fernet:"
# What of ``Authenticator.data`` is secret, by the authenticator's type.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}
SECRET_LISTS = {"recovery_codes": ("migrated_codes",)}


class SecretUnreadable(Exception):
    """The stored secret was not written under the key configured now."""


@cache
def _fernet(key_material: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"westem.mfa.secrets"
    ).derive(key_material.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _key() -> Fernet:
    return _fernet(getattr(settings, "MFA_ENCRYPTION_KEY", "") or settings.SECRET_KEY)


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str) -> str:
    return PREFIX + _key().encrypt(text.encode()).decode("ascii")


def decrypt(value: str) -> str:
    if not is_encrypted(value):
        raise SecretUnreadable("The secret is not stored encrypted.")
    try:
        return _key().decrypt(value.removeprefix(PREFIX).encode("ascii")).decode()
    except InvalidToken as error:
        raise SecretUnreadable("The secret was encrypted under another key.") from error


def _encrypted_data(kind: str, data: dict) -> dict | None:
    """``data`` with its secrets encrypted, or None when none was in clear."""
    changed = dict(data)
    for field in SECRET_FIELDS.get(kind, ()):
        if isinstance(changed.get(field), str) and not is_encrypted(changed[field]):
            changed[field] = encrypt(changed[field])
    for field in SECRET_LISTS.get(kind, ()):
        if isinstance(changed.get(field), list):
            changed[field] = [
                value if is_encrypted(value) else encrypt(value) for value in changed[field]
            ]
    return changed if changed != data else None


def encrypt_stored_secrets(apps, schema_editor) -> None:
    """The data migration: secrets written in clear before they were encrypted are encrypted
    (again and again harmless: what is encrypted stays as it is)."""
    authenticator_model = apps.get_model("mfa", "Authenticator")
    for authenticator in authenticator_model.objects.filter(type__in=SECRET_FIELDS).iterator():
        data = _encrypted_data(authenticator.type, authenticator.data)
        if data is not None:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def decrypt_stored_secrets(apps, schema_editor) -> None:
    """Back to clear text, for a migration undone (the code before it reads clear text)."""
    authenticator_model = apps.get_model("mfa", "Authenticator")
    for authenticator in authenticator_model.objects.filter(type__in=SECRET_FIELDS).iterator():
        data = dict(authenticator.data)
        for field in SECRET_FIELDS[authenticator.type]:
            if is_encrypted(data.get(field)):
                data[field] = decrypt(data[field])
        for field in SECRET_LISTS.get(authenticator.type, ()):
            if isinstance(data.get(field), list):
                data[field] = [decrypt(v) if is_encrypted(v) else v for v in data[field]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
