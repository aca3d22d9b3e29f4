from django.urls import path

from . import views, views_privacy

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
]
