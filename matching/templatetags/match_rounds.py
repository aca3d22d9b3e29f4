"""``{% ranking_button offer public_id name %}``: "Add to my ranking" (or "On your ranking
(#2)") for one mentor on the directory and her page (``rounds.selectors.Offer``)."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("matching/rounds/_add.html", takes_context=True)
def ranking_button(context, offer, public_id, name=""):
    request = context.get("request")
    return {
        "offer": offer,
        "state": offer.state(public_id) if offer else "",
        "rank": offer.ranked.get(public_id) if offer else None,
        "public_id": public_id,
        "name": name,
        "next": request.get_full_path() if request else "",
        "max_choices": settings.MATCHING_ROUND_MAX_CHOICES,
        "csrf_token": context.get("csrf_token"),
    }
