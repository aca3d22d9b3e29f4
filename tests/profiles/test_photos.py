"""Profile photos: decoded and written again on upload (no metadata, at most 800×800, the
format's own extension, damaged files refused), kept in a private storage and served only to
the people who may see the person: she herself, her mentorship partners, anyone who may open
the directory for a published mentor, and staff; never across a block."""

import io
import os
import re

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image

from matching.models import MentorPresentation
from profiles.models import Profile
from tests.factories import (
    BlockFactory,
    MenteeFactory,
    MentorFactory,
    MentorshipFactory,
    StaffFactory,
)
from tests.profiles.test_views import field_error, profile_post, redirect_path

pytestmark = pytest.mark.django_db


def jpeg_with_gps(size=(1600, 1200)) -> bytes:
    """A camera photo: noise (so it compresses badly), her phone's make and where she stood."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.ImageDescription] = "Home, Storgatan 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (59.0, 19.0, 46.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (18.0, 4.0, 7.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=70)
    return buffer.getvalue()


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 40, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, user, name: str, data: bytes, content_type: str = "image/jpeg"):
    client.force_login(user)
    return client.post(
        reverse("profiles:profile_edit"),
        profile_post(photo=SimpleUploadedFile(name, data, content_type=content_type)),
    )


def stored_photo(user) -> tuple[str, bytes]:
    name = Profile.objects.get(user=user).photo.name
    with storages["photos"].open(name) as handle:
        return name, handle.read()


def photo_body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def mentee(db):
    return MenteeFactory()


# --- what is kept of an upload -------------------------------------------------------------


def test_an_uploaded_photo_keeps_no_metadata_and_no_position(client, mentee):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:  # the attack's premise: GPS is in the file
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    response = upload(client, mentee, "IMG_2041.jpg", original)

    assert redirect_path(response) == reverse("profiles:profile")
    name, data = stored_photo(mentee)
    assert b"PhoneMaker" not in data
    assert b"Storgatan" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
        assert max(image.size) <= 800
        assert image.size == (800, 600)
    # What the site serves is that file, not the upload.
    served = photo_body(client.get(Profile.objects.get(user=mentee).photo_url))
    assert served == data


def test_a_truncated_jpeg_is_refused_next_to_the_field(client, mentee):
    whole = jpeg_with_gps(size=(400, 300))
    before = Profile.objects.get(user=mentee).photo.name

    response = upload(client, mentee, "half.jpg", whole[: len(whole) // 2])

    assert response.status_code == 200
    assert field_error(response, "photo") == (
        "This photo is damaged or incomplete and cannot be shown. Upload it again or choose "
        "another photo."
    )
    assert Profile.objects.get(user=mentee).photo.name == before


@pytest.mark.parametrize("uploaded_name", ["me.pdf", "me.eps", "me.xbm", "me.jpg"])
def test_a_photo_is_stored_under_a_random_name_with_its_format_s_extension(
    client, mentee, uploaded_name
):
    response = upload(client, mentee, uploaded_name, png_bytes(), "application/octet-stream")

    assert redirect_path(response) == reverse("profiles:profile")
    name, data = stored_photo(mentee)
    assert re.fullmatch(r"profile-photos/[0-9a-f]{32}\.png", name), name
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"


def test_a_webp_photo_stays_webp(client, mentee):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(buffer, "WEBP")

    upload(client, mentee, "me.jpg", buffer.getvalue())

    name, data = stored_photo(mentee)
    assert name.endswith(".webp")
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "WEBP"


def test_replacing_a_photo_deletes_the_earlier_file_once_saved(
    client, mentee, django_capture_on_commit_callbacks
):
    upload(client, mentee, "first.png", png_bytes())
    first, _data = stored_photo(mentee)

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, mentee, "second.png", png_bytes(size=(9, 9)))

    second, _data = stored_photo(mentee)
    assert second != first
    assert storages["photos"].exists(second)
    assert not storages["photos"].exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:profile_edit"), profile_post(**{"photo-clear": "on"}))
    assert Profile.objects.get(user=mentee).photo.name == ""
    assert not storages["photos"].exists(second)


def test_photos_are_not_kept_where_media_is_served(client, mentee):
    upload(client, mentee, "me.png", png_bytes())

    name, _data = stored_photo(mentee)
    assert not default_storage.exists(name)
    profile = Profile.objects.get(user=mentee)
    assert profile.photo_url == profile.photo.url == f"/photos/{name.rsplit('/', 1)[1]}"


# --- who may see it ------------------------------------------------------------------------


@pytest.fixture
def people(client):
    """Ada, a published mentor with a photo, and Eva, a mentee with a photo and Ada's mentee."""
    ada = MentorFactory(profile__display_name="Ada")
    eva = MenteeFactory(profile__display_name="Eva")
    for person in (ada, eva):
        upload(Client(), person, "me.png", png_bytes())
    MentorshipFactory(mentor=ada, mentee=eva)
    return {
        "ada": ada,
        "eva": eva,
        "ada_url": Profile.objects.get(user=ada).photo_url,
        "eva_url": Profile.objects.get(user=eva).photo_url,
    }


def status_for(user, url) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_a_visitor_gets_no_photo(people):
    response = Client().get(people["eva_url"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_person_and_her_partner_see_her_photo(people):
    assert status_for(people["eva"], people["eva_url"]) == 200
    assert status_for(people["ada"], people["eva_url"]) == 200
    assert status_for(people["eva"], people["ada_url"]) == 200


def test_a_stranger_does_not_see_a_mentee_s_photo(people):
    stranger = MenteeFactory()
    other_mentor = MentorFactory()
    assert status_for(stranger, people["eva_url"]) == 404
    assert status_for(other_mentor, people["eva_url"]) == 404


def test_directory_viewers_see_a_published_mentor_s_photo_only_while_published(people):
    stranger = MenteeFactory()
    assert status_for(stranger, people["ada_url"]) == 200

    MentorPresentation.objects.filter(mentor=people["ada"]).update(is_published=False)
    assert status_for(stranger, people["ada_url"]) == 404
    assert status_for(people["eva"], people["ada_url"]) == 200  # her partner still does


def test_no_photo_crosses_a_block(people):
    BlockFactory(blocker=people["eva"], blocked=people["ada"])
    assert status_for(people["ada"], people["eva_url"]) == 404
    assert status_for(people["eva"], people["ada_url"]) == 404


def test_staff_see_every_photo(people):
    staff = StaffFactory()
    assert status_for(staff, people["eva_url"]) == 200


def test_a_guessed_or_removed_photo_is_not_found(people, mentee):
    assert status_for(mentee, "/photos/" + "0" * 32 + ".png") == 404
    assert status_for(mentee, "/photos/..%2Fsettings.py") == 404


def test_a_photo_is_served_as_an_image_that_no_one_stores(people):
    client = Client()
    client.force_login(people["ada"])
    response = client.get(people["eva_url"])
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert photo_body(response).startswith(b"\x89PNG")


# --- photos stored before -------------------------------------------------------------------


def test_the_migration_moves_public_photos_out_of_the_media_without_their_metadata(mentee):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("profiles.migrations.0014_photos_private")
    public = default_storage
    kept = public.save("profile-photos/" + "a" * 32 + ".jpg", io.BytesIO(jpeg_with_gps()))
    orphan = public.save("profile-photos/" + "b" * 32 + ".pdf", io.BytesIO(png_bytes()))
    broken = MenteeFactory()
    broken_name = public.save("profile-photos/" + "c" * 32 + ".jpg", io.BytesIO(b"not a photo"))
    Profile.objects.filter(user=mentee).update(photo=kept)
    Profile.objects.filter(user=broken).update(photo=broken_name)

    migration.move_photos(apps, None)
    migration.move_photos(apps, None)  # a second run changes nothing

    name, data = stored_photo(mentee)
    assert name != kept
    assert re.fullmatch(r"profile-photos/[0-9a-f]{32}\.jpg", name)
    assert b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.size == (800, 600)
    assert Profile.objects.get(user=broken).photo.name == ""
    for left in (kept, orphan, broken_name):
        assert not public.exists(left)
