from django.urls import path

from . import views, views_calendar, views_guardian, views_privacy

app_name = "profiles"

urlpatterns = [
    path("onboarding/role/", views.onboarding_role, name="onboarding_role"),
    path("onboarding/code-of-conduct/", views.onboarding_conduct, name="onboarding_conduct"),
    path("onboarding/profile/", views.profile_edit, name="onboarding_profile"),
    path("profile/", views.profile_detail, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("photos/<str:key>", views.photo, name="photo"),
    path("privacy/", views_privacy.privacy_notice, name="privacy_notice"),
    path("account/data/", views_privacy.account_data, name="account_data"),
    path("account/delete/", views_privacy.account_delete, name="account_delete"),
    path("account/guardian/", views_guardian.guardian_page, name="guardian"),
    # The guardian opens these from an email without signing in: the token is the key.
    path(
        "privacy/guardian/consent/<str:token>/",
        views_guardian.guardian_consent,
        name="guardian_consent",
    ),
    path(
        "privacy/guardian/withdraw/<str:token>/",
        views_guardian.guardian_withdraw,
        name="guardian_withdraw",
    ),
    path("account/calendar/", views_calendar.calendar_settings, name="calendar"),
    path("account/calendar/new/", views_calendar.calendar_new, name="calendar_new"),
    path("account/calendar/off/", views_calendar.calendar_off, name="calendar_off"),
    # The token is the only key: calendar apps do not sign in.
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]
