"""Report someone to the program staff, block her, and lift a block (the "Trust" pages).

The person is always found through what the signed-in user may already see — a mentor in the
directory, or the other participant of one of her own mentorships — so a guessed address is a
404 and the pages say nothing about anyone else. So these pages read ``matching`` and
``cycles`` (the querysets that decide what she may see) and ``profiles`` (reports and blocks,
their rules and services): like the project's other reads across apps, they sit in the site
layer.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from cycles.permissions import mentorships_visible_to
from matching.selectors import directory
from profiles import selectors, services
from profiles.forms_safety import ReportForm
from profiles.models import Block

KINDS = ("mentor", "mentorship")


def _context_of(request, kind: str, public_id) -> dict:
    """Who the page is about, the mentorship if any, and the page to go back to; or 404."""
    user = request.user
    if kind not in KINDS:
        raise Http404
    if kind == "mentor":
        # Someone who blocked her is gone from her directory; someone she blocked she may
        # still report (she knows about that block).
        presentation = get_object_or_404(
            directory(exclude_user_ids=selectors.blocked_me_ids_query(user))
            .prefetch_related(None)
            .filter(public_id=public_id)
        )
        person = presentation.mentor
        if person.pk == user.pk:
            raise Http404
        mentorship = None
    else:
        mentorship = get_object_or_404(
            mentorships_visible_to(user).select_related("mentor__profile", "mentee__profile"),
            public_id=public_id,
        )
        person = mentorship.other(user)
    is_blocked = Block.objects.filter(blocker=user, blocked=person).exists()
    if mentorship is not None:
        back = reverse("cycles:mentorship_detail", args=[public_id])
    elif is_blocked:  # her page is hidden from the one who blocked her
        back = reverse("safety:safety_blocked")
    else:
        back = reverse("matching:mentor_detail", args=[public_id])
    return {
        "kind": kind,
        "public_id": public_id,
        "person": person,
        "mentorship": mentorship,
        "back_url": back,
        "is_blocked": is_blocked,
    }


def safety_person(request, kind: str, public_id):
    """The page offering to report and to block; the report form posts here."""
    context = _context_of(request, kind, public_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_user(
                reporter=request.user,
                reported=context["person"],
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                mentorship=context["mentorship"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you for telling us. The program staff will read your report and "
                    "may contact you by email."
                ),
            )
            return redirect(context["back_url"])
    return render(request, "westem/safety_person.html", {**context, "form": form})


@require_POST
def safety_block(request, kind: str, public_id):
    context = _context_of(request, kind, public_id)
    person = context["person"]
    try:
        services.block_user(blocker=request.user, blocked=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("safety:safety_person", kind=kind, public_id=public_id)
    messages.success(
        request,
        _("You have blocked %(name)s.") % {"name": person.get_full_name()},
    )
    return redirect("safety:safety_blocked")


def safety_blocked(request):
    """Whom she blocked, each with a button to unblock."""
    return render(
        request,
        "westem/safety_blocked.html",
        {"blocks": selectors.blocks_made_by(request.user)},
    )


@require_POST
def safety_unblock(request):
    pk = request.POST.get("block", "")
    if not pk.isdecimal():  # "²" is a digit, but not a number int() reads
        raise Http404
    block = get_object_or_404(selectors.blocks_made_by(request.user), pk=pk)
    services.unblock_user(blocker=request.user, blocked=block.blocked)
    messages.success(
        request,
        _("You have unblocked %(name)s.") % {"name": block.blocked.get_full_name()},
    )
    return redirect("safety:safety_blocked")
