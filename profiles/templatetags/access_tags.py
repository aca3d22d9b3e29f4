"""The roles of ``profiles.access`` in templates: ``{% load access_tags %}``, then
``{% if user|is_staff %}`` (a way into the admin), ``{% if user|is_program_staff %}``,
``{% if user|runs_the_program:request.profile %}`` (one query, only for a signed-in person who
is not program staff and has no role: is she a reporter?),
``{% if user|is_reporter_only:request.profile %}`` (the same query: the participants' pages
are not hers)."""

from types import SimpleNamespace

from django import template

from profiles import access

register = template.Library()

_NO_PROFILE = SimpleNamespace(role="")


@register.filter
def is_staff(user) -> bool:
    return access.is_staff(user)


@register.filter
def is_program_staff(user) -> bool:
    return access.is_program_staff(user)


@register.filter
def runs_the_program(user, profile) -> bool:
    # A page drawn without the middleware's profile (an error page) knows no role: "".
    return access.runs_the_program(user, profile or _NO_PROFILE)


@register.filter
def is_reporter_only(user, profile) -> bool:
    return access.is_reporter_only(user, profile or _NO_PROFILE)
