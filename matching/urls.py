from django.urls import path

from . import views, views_round_result, views_round_staff, views_rounds

app_name = "matching"

urlpatterns = [
    path("mentors/", views.directory, name="directory"),
    path(
        "rounds/<uuid:public_id>/result/",
        views_round_result.round_result,
        name="round_result",
    ),
    path("mentors/<uuid:public_id>/", views.mentor_detail, name="mentor_detail"),
    path("mentors/<uuid:public_id>/request/", views.send_request, name="send_request"),
    path(
        "mentors/<uuid:public_id>/flash/<uuid:slot_id>/<int:at>/",
        views.flash_book,
        name="flash_book",
    ),
    path("flash-slots/", views.flash_slots, name="flash_slots"),
    path("flash-slots/per-week/", views.flash_per_week, name="flash_per_week"),
    path("flash-slots/<uuid:public_id>/remove/", views.flash_slot_remove, name="flash_slot_remove"),
    path(
        "flash-bookings/<uuid:public_id>/cancel/",
        views.flash_booking_cancel,
        name="flash_booking_cancel",
    ),
    path("presentation/", views.my_presentation, name="my_presentation"),
    path("presentation/edit/", views.presentation_edit, name="presentation_edit"),
    path("presentation/<slug:action>/", views.presentation_action, name="presentation_action"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:public_id>/accept/", views.request_accept, name="request_accept"),
    path("requests/<uuid:public_id>/decline/", views.request_decline, name="request_decline"),
    path("requests/<uuid:public_id>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("rounds/", views_rounds.round_list, name="rounds"),
    path("rounds/<uuid:public_id>/", views_rounds.round_detail, name="round"),
    path("rounds/<uuid:public_id>/ranking/", views_rounds.round_ranking, name="round_ranking"),
    path(
        "rounds/<uuid:public_id>/ranking/<uuid:presentation_id>/remove/",
        views_rounds.round_remove,
        name="round_remove",
    ),
    path("rounds/<uuid:public_id>/marks/", views_rounds.round_marks, name="round_marks"),
    path("rounds/<uuid:public_id>/capacity/", views_rounds.round_capacity, name="round_capacity"),
    path("staff/rounds/", views_round_staff.round_list, name="round_list"),
    path("staff/rounds/<uuid:public_id>/", views_round_staff.round_review, name="round_review"),
    path(
        "staff/rounds/<uuid:public_id>/drafts/<int:number>/",
        views_round_staff.round_draft,
        name="round_draft",
    ),
    path(
        "staff/rounds/<uuid:public_id>/drafts/<int:number>/compare/",
        views_round_staff.round_compare,
        name="round_compare",
    ),
    path(
        "staff/rounds/<uuid:public_id>/drafts/<int:number>/publish/",
        views_round_staff.round_publish,
        name="round_publish",
    ),
]
