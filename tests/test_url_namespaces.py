"""Every URL of the project's apps is named under its app's namespace (``matching:directory``,
``cycles:mentorship_detail``), so a link from one app to another says which app it goes to.

Only the site's own pages, in ``westem/urls.py``, keep a global name: ``SITE_PAGES`` below.
A new global name fails ``test_every_url_of_ours_is_in_its_namespace``: a new pattern in
``westem/urls.py``, or a new URLconf included without ``app_name``. allauth's names
(``account_login``, …) and the admin's (``admin:…``) are third-party and left as they are.
"""

import re

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.factories import EventFactory, MenteeFactory, MentorFactory, StaffFactory

# The site's own pages (westem/urls.py): the only global names of ours. ``set_language`` is
# also the name Django's i18n documents for the language switch.
# The staff's to-do page composes every app's section (core.todo): a page of the site.
SITE_PAGES = {
    "home",
    "dashboard",
    "manual",
    "code_of_conduct",
    "set_language",
    "staff_todo",
    "staff_todo_done",
}

# Each URLconf of ours and its namespace (its ``app_name``).
NAMESPACES = {
    "notifications.urls": "notifications",
    "profiles.urls": "profiles",
    "westem.urls_safety": "safety",
    "matching.urls": "matching",
    "cycles.urls": "cycles",
    "evaluations.urls": "evaluations",
    "evaluations.urls_reports": "reports",
    "evaluations.urls_exports": "exports",
    "cycles.urls_health": "health",
    "resources.urls": "resources",
}
THIRD_PARTY = ("allauth.", "admin")


def _walk(resolver, namespace="", module="westem.urls"):
    """(namespace, name, the URLconf module it is written in) of every pattern."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            # include("…") holds the module; admin.site.urls a list, and names its app; what
            # a third-party URLconf includes is still theirs.
            inner = getattr(entry.urlconf_name, "__name__", entry.app_name or f"a list in {module}")
            if module.startswith(THIRD_PARTY):
                inner = module
            name = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(entry, name, inner)
        else:
            assert isinstance(entry, URLPattern)
            yield namespace, entry.name, module


OURS = [
    (namespace, name, module)
    for namespace, name, module in _walk(get_resolver())
    if not module.startswith(THIRD_PARTY)
]


def test_every_url_of_ours_is_in_its_namespace():
    wrong = [
        f"{module}: {namespace + ':' if namespace else ''}{name}"
        for namespace, name, module in OURS
        if not (
            (module == "westem.urls" and not namespace and name in SITE_PAGES)
            or (module in NAMESPACES and namespace == NAMESPACES[module] and name)
        )
    ]
    assert not wrong, (
        "a URL of ours outside its app's namespace: give the URLconf its app_name (and a line "
        "in NAMESPACES here); only the site's own pages (SITE_PAGES) keep a global name"
    )


def test_the_lists_here_match_the_urlconf():
    site_pages = {name for namespace, name, module in OURS if module == "westem.urls"}
    assert site_pages == SITE_PAGES
    assert {module for _namespace, _name, module in OURS} - {"westem.urls"} == set(NAMESPACES)


def test_a_global_name_of_an_app_no_longer_reverses():
    """The old global names are gone, so a link left unqualified fails loudly."""
    old_name = "directory"
    assert reverse(f"matching:{old_name}") == "/mentors/"
    with pytest.raises(NoReverseMatch, match="Reverse for 'directory' not found"):
        reverse(old_name)


# --- the navbar marks the page she is on, by its namespaced name ---------------------------

LINK = re.compile(
    r'<a class="nav-link( active)?" *(aria-current="page")? *href="[^"]*">([^<]+)</a>'
)


def _marked(page: str) -> tuple[list[str], list[str]]:
    """The navbar's links shown as active, and the one marked as the current page."""
    links = LINK.findall(page)
    assert links, "no navbar links found"
    return (
        [text for active, _current, text in links if active],
        [text for _active, current, text in links if current],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "page", "link", "current"),
    [
        ("mentee", "dashboard", "Dashboard", True),
        ("mentee", "matching:directory", "Find a mentor", True),
        ("mentee", "matching:mentor_detail", "Find a mentor", False),
        ("mentee", "matching:request_list", "My requests", True),
        ("mentee", "cycles:mentorship_list", "My mentorships", True),
        ("mentor", "matching:my_presentation", "My presentation", True),
        ("mentor", "matching:presentation_edit", "My presentation", False),
        ("mentor", "matching:flash_slots", "My presentation", False),
        ("mentee", "resources:library", "Resources", True),
        ("mentee", "resources:event_list", "Events", True),
        ("mentee", "resources:event_detail", "Events", False),
        ("staff", "reports:reports_dashboard", "Reports", True),
        ("mentee", "manual", "Manual", True),
        ("mentee", "profiles:profile", None, False),
    ],
)
def test_the_navbar_marks_the_page_she_is_on(client, role, page, link, current):
    user = {"mentee": MenteeFactory, "mentor": MentorFactory, "staff": StaffFactory}[role]()
    client.force_login(user)
    args = []
    if page == "matching:mentor_detail":
        args = [MentorFactory().presentation.public_id]
    elif page == "resources:event_detail":
        args = [EventFactory(kind="community", audience="both").public_id]

    response = client.get(reverse(page, args=args))

    assert response.status_code == 200
    active, marked_current = _marked(response.content.decode())
    assert active == ([link] if link else [])
    assert marked_current == ([link] if current else [])
