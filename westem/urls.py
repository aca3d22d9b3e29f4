from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from profiles import views as profile_views

from . import views

# The admin signs in through the site's login page: rate limits, lock-out and two-factor
# authentication apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("staff/todo/", views.staff_todo, name="staff_todo"),
    path("staff/todo/done/", views.staff_todo_done, name="staff_todo_done"),
    path("manual/", profile_views.manual, name="manual"),
    path("code-of-conduct/", profile_views.code_of_conduct, name="code_of_conduct"),
    path("i18n/setlang/", profile_views.switch_language, name="set_language"),
    path("", include("notifications.urls")),
    path("", include("profiles.urls")),
    path("", include("matching.urls")),
    path("", include("cycles.urls")),
    path("", include("evaluations.urls")),
    path("", include("resources.urls")),
    path("reports/", include("evaluations.urls_reports")),
    path("reports/exports/", include("evaluations.urls_exports")),
    path("safety/", include("westem.urls_safety")),
    path("staff/health/", include("cycles.urls_health")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
