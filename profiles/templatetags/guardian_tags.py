"""``{% guardian_banner %}`` on every page of a girl whose guardian has not consented (yet, or
any more): why her account is limited and the way to send the email again. Costs a query only
for her (her date of birth and country are on the request's profile)."""

from django import template

from profiles import access
from profiles.age import needs_guardian

register = template.Library()


@register.inclusion_tag("profiles/includes/guardian_banner.html", takes_context=True)
def guardian_banner(context) -> dict:
    request = context.get("request")
    profile = getattr(request, "profile", None)
    if profile is None or not needs_guardian(profile.birth_date, profile.country):
        return {"taking_part": None}
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "profiles:guardian":  # the page says it itself
        return {"taking_part": None}
    taking_part = access.may_take_part(request.user)
    if taking_part.allowed:
        return {"taking_part": None}
    return {
        "taking_part": taking_part,
        "asked": taking_part.reason != str(access.GUARDIAN_NOT_ASKED),
    }
