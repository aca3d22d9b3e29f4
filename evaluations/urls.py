"""The participants' evaluations: a reflection on each meeting, the final evaluation."""

from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path(
        "meetings/<uuid:public_id>/reflection/",
        views.meeting_reflection,
        name="meeting_reflection",
    ),
    path(
        "mentorships/<uuid:public_id>/evaluation/",
        views.final_evaluation,
        name="final_evaluation",
    ),
]
