"""Safeguarding of a pair with a mentee under 18 (issue 20).

- The safeguarding lead's read-only pages: the pairs with a minor, and one pair's conversation
  and meetings (``permissions.may_oversee``: nobody else; every reading is recorded).
- "I feel unsafe": a form for either of the pair that reaches the leads at once, then a page
  saying what happens next.
- ``minor_context``: what the pair's pages show about it (the notice naming the lead, the
  meeting places, the code of conduct's rules for minors).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import add_service_errors

from . import selectors, services_safeguarding
from .forms_safeguarding import UnsafeForm
from .models import Mentorship
from .permissions import has_minor, is_safeguarding_lead, mentorships_overseen_by
from .selectors import mentorship_for_page


def minor_context(mentorship: Mentorship) -> dict:
    """For the pages of a pair: whether the mentee is under 18 and, if so, who may read the
    conversation and where they may meet."""
    if not has_minor(mentorship):
        return {"minor_pair": False}
    return {
        "minor_pair": True,
        "safeguarding_leads": selectors.safeguarding_lead_names(),
        "online_places": selectors.online_meeting_places(mentorship),
        # The code of conduct is the site's page (profiles' view, the site's address).
        "conduct_url": reverse("code_of_conduct"),
    }


def oversight_list(request):
    """The pairs with a minor, for a safeguarding lead; a 404 for anyone else."""
    if not is_safeguarding_lead(request.user):
        raise Http404
    pairs = (
        mentorships_overseen_by(request.user)
        .select_related("mentor__profile", "mentee__profile")
        .order_by("-start_date", "pk")
    )
    return render(request, "cycles/oversight_list.html", {"pairs": pairs})


def oversight_detail(request, public_id):
    """One pair's conversation and meetings, read-only; the reading is recorded."""
    mentorship = get_object_or_404(
        mentorships_overseen_by(request.user).select_related("mentor__profile", "mentee__profile"),
        public_id=public_id,
    )
    services_safeguarding.record_reading(mentorship=mentorship, reader=request.user)
    return render(
        request,
        "cycles/oversight_detail.html",
        {
            "mentorship": mentorship,
            "thread": selectors.recent_messages(mentorship, limit=1000),
            "meetings": selectors.meetings_of(mentorship),
            "alerts": mentorship.safeguarding_alerts.select_related("raised_by"),
        },
    )


def _minor_pair_for(user, public_id) -> Mentorship:
    """Her own mentorship whose mentee is under 18; otherwise a 404 (the button is only
    there)."""
    mentorship = mentorship_for_page(user, public_id)
    if not has_minor(mentorship):
        raise Http404
    return mentorship


def unsafe(request, public_id):
    mentorship = _minor_pair_for(request.user, public_id)
    form = UnsafeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_safeguarding.raise_alert(
                mentorship=mentorship, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message has reached the safeguarding lead."))
            return redirect("cycles:unsafe_sent", public_id=mentorship.public_id)
    return render(
        request,
        "cycles/unsafe_form.html",
        {"mentorship": mentorship, "form": form, **minor_context(mentorship)},
    )


def unsafe_sent(request, public_id):
    mentorship = _minor_pair_for(request.user, public_id)
    return render(
        request,
        "cycles/unsafe_sent.html",
        {"mentorship": mentorship, **minor_context(mentorship)},
    )
