"""The onboarding checklists of the program manual ("Checklista"), ticked from what users did.

This module sits on top of the apps: it reads across them and writes nothing.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cycles import selectors as cycle_selectors
from cycles.models import Meeting
from matching import selectors as matching_selectors
from matching.models import MentorPresentation
from profiles import services as profile_services
from profiles.models import Profile, Role
from resources import selectors as resource_selectors


@dataclass(frozen=True)
class Part:
    label: str
    done: bool


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    url: str = ""
    action: str = ""
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / len(self.items)) if self.items else 100

    @property
    def next_item(self) -> ChecklistItem | None:
        return next((item for item in self.items if not item.done and item.url), None)


def _registered(profile: Profile) -> ChecklistItem:
    return ChecklistItem(
        key="register",
        label=_("Join the community and register for the program"),
        done=profile.onboarded_at is not None,
        url=reverse("profiles:profile_edit"),
        action=_("Complete your profile"),
    )


def _conduct(profile: Profile, accepted: bool | None) -> ChecklistItem:
    return ChecklistItem(
        key="conduct",
        label=_("Read and accept the code of conduct for mentoring"),
        done=accepted
        if accepted is not None
        else profile_services.has_accepted_current_code(user=profile.user),
        url=reverse("profiles:onboarding_conduct"),
        action=_("Read the code of conduct"),
    )


def _manual_url() -> str:
    return reverse("manual")


def _presentation(profile: Profile) -> ChecklistItem:
    presentation = MentorPresentation.objects.filter(mentor=profile.user).first()
    if presentation is None:
        url, action, parts = reverse("matching:presentation_edit"), _("Write your presentation"), []
    else:
        # Once published, what is left (the staff's approval) is not hers to do.
        url = "" if presentation.is_published else reverse("matching:my_presentation")
        action = _("Publish your presentation")
        parts = [Part(presentation.state_label, presentation.is_visible)]
    return ChecklistItem(
        key="presentation",
        label=_("Fill in the mentor presentation form with your profile"),
        done=bool(presentation and presentation.is_visible),
        url=url,
        action=action,
        parts=parts,
    )


def mentor_checklist(profile: Profile, conduct_accepted: bool | None = None) -> Checklist:
    manual_read = profile.manual_read_at is not None
    meeting = profile.preparatory_meeting_attended_at is not None
    # The manual first; then the preparatory meeting, which she signs up for on the events page.
    if not manual_read:
        prepare_url, prepare_action = _manual_url(), _("Read the manual")
    elif not meeting:
        prepare_url = reverse("resources:event_list")
        prepare_action = _("Sign up for the preparatory meeting")
    else:
        prepare_url, prepare_action = "", ""
    return Checklist(
        [
            _registered(profile),
            _conduct(profile, conduct_accepted),
            ChecklistItem(
                key="prepare",
                label=_(
                    "Read the manual, attend the online preparatory meeting for mentors and "
                    "reflect on what you want from mentoring"
                ),
                done=manual_read and meeting,
                url=prepare_url,
                action=prepare_action,
                parts=[
                    Part(_("Manual read"), manual_read),
                    Part(_("Preparatory meeting attended (marked by the program staff)"), meeting),
                ],
            ),
            _presentation(profile),
            ChecklistItem(
                key="resources",
                label=_("Explore the resources available for your sessions"),
                done=resource_selectors.has_visited_library(profile.user),
                url=reverse("resources:library"),
                action=_("Explore the resources"),
            ),
        ]
    )


def _first_meeting(profile: Profile, mentorships) -> ChecklistItem:
    """Done once she has had an agreed meeting, in any mentorship of hers
    (active or ended: a meeting that took place stays done), and she has opened the library.
    One query for the visit, one for the meeting; the link opens the newest active
    mentorship's "propose a meeting", else the library."""
    mentorships = list(mentorships)
    met = Meeting.objects.counting().filter(mentorship__mentee=profile.user).exists()
    explored = resource_selectors.has_visited_library(profile.user)
    if not met and mentorships:
        url = reverse("cycles:meeting_new", args=[mentorships[0].public_id])
        action = _("Propose your first meeting")
    elif not explored:
        url, action = reverse("resources:library"), _("Explore the resources")
    else:
        url, action = "", ""
    return ChecklistItem(
        key="first_meeting",
        label=_("Contact your mentor for a first meeting and explore the resources"),
        done=met and explored,
        url=url,
        action=action,
        parts=[
            Part(_("First meeting scheduled"), met),
            Part(_("Resources explored"), explored),
        ],
    )


def mentee_checklist(
    profile: Profile, mentorships=(), conduct_accepted: bool | None = None
) -> Checklist:
    return Checklist(
        [
            _registered(profile),
            ChecklistItem(
                key="choose_mentor",
                label=_("Choose your mentor"),
                done=matching_selectors.has_accepted_request(profile.user),
            ),
            _conduct(profile, conduct_accepted),
            ChecklistItem(
                key="manual",
                label=_("Read the manual and reflect on what you want from mentoring"),
                done=profile.manual_read_at is not None,
                url=_manual_url(),
                action=_("Read the manual"),
            ),
            _first_meeting(profile, mentorships),
        ]
    )


def checklist_for(
    profile: Profile, *, mentorships=None, conduct_accepted: bool | None = None
) -> Checklist | None:
    """The user's checklist. What the caller already knows (her active ``mentorships``,
    whether she accepted the current code of conduct) is not read again."""
    if profile.role == Role.MENTOR:
        return mentor_checklist(profile, conduct_accepted)
    if profile.role == Role.MENTEE:
        if mentorships is None:
            mentorships = cycle_selectors.active_mentorships_of(profile.user)
        return mentee_checklist(profile, mentorships, conduct_accepted)
    return None
