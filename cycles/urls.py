from django.urls import path

from . import views, views_agreement, views_meeting_log, views_meetings, views_safeguarding

app_name = "cycles"

urlpatterns = [
    path("mentorships/", views.mentorship_list, name="mentorship_list"),
    path("mentorships/<uuid:public_id>/", views.mentorship_detail, name="mentorship_detail"),
    path(
        "mentorships/<uuid:public_id>/advance/", views.mentorship_advance, name="mentorship_advance"
    ),
    path(
        "mentorships/<uuid:public_id>/closure/", views.mentorship_closure, name="mentorship_closure"
    ),
    path("mentorships/<uuid:public_id>/end/", views.mentorship_end, name="mentorship_end"),
    path(
        "mentorships/<uuid:public_id>/exit-question/",
        views.exit_question,
        name="exit_question",
    ),
    path("mentorships/<uuid:public_id>/ticks/", views.mentorship_tick, name="mentorship_tick"),
    path("mentorships/<uuid:public_id>/messages/", views.message_post, name="message_post"),
    path("mentorships/<uuid:public_id>/goals/new/", views.goal_add, name="goal_add"),
    path("mentorships/<uuid:public_id>/goals/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path(
        "mentorships/<uuid:public_id>/agreement/",
        views_agreement.agreement_detail,
        name="agreement_detail",
    ),
    path(
        "mentorships/<uuid:public_id>/agreement/edit/",
        views_agreement.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "mentorships/<uuid:public_id>/agreement/accept/",
        views_agreement.agreement_accept,
        name="agreement_accept",
    ),
    path(
        "mentorships/<uuid:public_id>/agreement/print/",
        views_agreement.agreement_print,
        name="agreement_print",
    ),
    path(
        "mentorships/<uuid:public_id>/agreement/versions/<int:version>/",
        views_agreement.agreement_version,
        name="agreement_version",
    ),
    path(
        "mentorships/<uuid:public_id>/meetings/new/", views_meetings.meeting_new, name="meeting_new"
    ),
    path("meetings/<uuid:public_id>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:public_id>/accept/", views_meetings.meeting_accept, name="meeting_accept"),
    path(
        "meetings/<uuid:public_id>/other-times/",
        views_meetings.meeting_decline,
        name="meeting_decline",
    ),
    path("meetings/<uuid:public_id>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:public_id>/cancel/", views_meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:public_id>/calendar.ics", views_meetings.meeting_ics, name="meeting_ics"),
    # Meetings logged afterwards.
    path(
        "mentorships/<uuid:public_id>/meetings/log/",
        views_meeting_log.meeting_log,
        name="meeting_log",
    ),
    path(
        "meetings/<uuid:public_id>/confirm/",
        views_meeting_log.meeting_log_confirm,
        name="meeting_log_confirm",
    ),
    path(
        "meetings/<uuid:public_id>/dispute/",
        views_meeting_log.meeting_log_dispute,
        name="meeting_log_dispute",
    ),
    path(
        "meetings/<uuid:public_id>/delete/",
        views_meeting_log.meeting_log_delete,
        name="meeting_log_delete",
    ),
    # Safeguarding of a pair with a minor (issue 20).
    path(
        "mentorships/<uuid:public_id>/unsafe/",
        views_safeguarding.unsafe,
        name="unsafe",
    ),
    path(
        "mentorships/<uuid:public_id>/unsafe/sent/",
        views_safeguarding.unsafe_sent,
        name="unsafe_sent",
    ),
    path("safeguarding/", views_safeguarding.oversight_list, name="oversight_list"),
    path(
        "safeguarding/mentorships/<uuid:public_id>/",
        views_safeguarding.oversight_detail,
        name="oversight_detail",
    ),
]
