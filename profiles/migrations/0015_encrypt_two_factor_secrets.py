"""Authenticator secrets written in clear (before ``profiles.two_factor``) are encrypted."""

from django.db import migrations

from profiles.two_factor import decrypt_stored_secrets, encrypt_stored_secrets


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0014_photos_private"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_stored_secrets, decrypt_stored_secrets),
    ]
