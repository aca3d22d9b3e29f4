"""Templates keep to the apps' layers, as imports do (``.importlinter``, STYLE.md "Layers").

A template may use what its own app, the apps below it and the libraries give: never a tag
library (``{% load %}``), a template (``{% extends %}``, ``{% include %}``) or a URL
(``{% url %}``) of an app above it or of a sibling. A page that shows something of another app
names a place for it, ``{% panels "cycles.mentorship_detail" "side" %}``, and that app fills the
place (``core.panels``). The site (``westem/`` and the project's ``templates/``: ``base.html``,
the navbar, the error pages, allauth's) stands above every app; the one template of it an app
names is the frame every page extends, ``base.html``.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import engines
from django.template.base import Lexer, TokenType
from django.urls import URLResolver, get_resolver

LAYERS = [
    ["site"],
    ["matching", "evaluations"],
    ["cycles", "resources"],
    ["profiles"],
    ["notifications"],
    ["core"],
]
HEIGHT = {app: len(LAYERS) - index for index, layer in enumerate(LAYERS) for app in layer}
APPS = [app for app in HEIGHT if app != "site"]

# The URL namespaces of the apps; any other name is the site's (westem and its safety pages,
# allauth, the admin).
URL_NAMESPACES = {
    "matching": "matching",
    "cycles": "cycles",
    "health": "cycles",
    "evaluations": "evaluations",
    "reports": "evaluations",
    "exports": "evaluations",
    "resources": "resources",
    "profiles": "profiles",
    "notifications": "notifications",
}

# Extended by every page: the site draws it around the page (navbar, messages, footer).
FRAME = {"base.html"}

# Crossings known and not yet mended, as (template, what it names): each must still occur (the
# test fails when one no longer does, so that this list only shrinks). None today.
WAITING: set[tuple[str, str]] = set()

ROOT = Path(settings.BASE_DIR)


def template_dirs() -> dict[Path, str]:
    """Each directory of our templates and the layer it belongs to."""
    dirs = {ROOT / "templates": "site", ROOT / "westem" / "templates": "site"}
    for app in APPS:
        dirs[ROOT / app / "templates"] = app
    return {path: owner for path, owner in dirs.items() if path.is_dir()}


def owner_of_path(path: Path) -> str | None:
    for directory, owner in template_dirs().items():
        if path.is_relative_to(directory):
            return owner
    return None  # a library's (Django's admin, allauth, crispy-forms)


def owner_of_module(module: str) -> str | None:
    top = module.split(".")[0]
    if top == "westem":
        return "site"
    return top if top in HEIGHT else None


def owner_of_template(name: str) -> str | None:
    _template, origin = engines["django"].engine.find_template(name)
    return owner_of_path(Path(origin.name))


def owner_of_library(name: str) -> str | None:
    return owner_of_module(engines["django"].engine.libraries[name])


def _names_without_namespace() -> dict[str, str]:
    """URL names with no namespace, by who declares them. The site's URLconf and allauth's
    declare the site's; an app's urls module included without a namespace declares that
    app's, as the namespace it gets will say (until every app's URLs are namespaced)."""
    names: dict[str, str] = {}

    def walk(patterns, owner: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace is None:
                    module = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
                    walk(pattern.url_patterns, owner_of_module(str(module)) or "site")
            elif pattern.name:
                names.setdefault(pattern.name, owner)

    walk(get_resolver().url_patterns, "site")
    return names


def owner_of_url(name: str, unqualified: dict[str, str]) -> str:
    namespace, _, rest = name.rpartition(":")
    if not namespace:
        return unqualified.get(name, "site")
    namespace = namespace.split(":")[0]
    if namespace == "admin":  # an app's own admin pages: admin:cycles_mentorship_change
        return next((app for app in APPS if rest.startswith(f"{app}_")), "site")
    return URL_NAMESPACES.get(namespace, "site")


@dataclass(frozen=True)
class Use:
    kind: str  # "load", "extends", "include", "url"
    name: str
    line: int

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"


def uses(text: str):
    """The tag libraries, templates and URL names ``text`` names (not those in comments, nor
    a template or URL named by a variable)."""
    skip_until = None
    for token in Lexer(text).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        bits = token.split_contents()
        if skip_until:
            if bits[0] == skip_until:
                skip_until = None
            continue
        if bits[0] in ("comment", "verbatim"):
            skip_until = f"end{bits[0]}"
        elif bits[0] == "load":
            libraries = bits[-1:] if "from" in bits else bits[1:]
            yield from (Use("load", library, token.lineno) for library in libraries)
        elif bits[0] in ("extends", "include", "url") and len(bits) > 1:
            quoted = bits[1][:1] in "'\"" and bits[1][-1:] == bits[1][:1]
            if quoted:
                yield Use(bits[0], bits[1][1:-1], token.lineno)


def owner_of_use(use: Use, unqualified: dict[str, str]) -> str | None:
    if use.kind == "load":
        return owner_of_library(use.name)
    if use.kind == "url":
        return owner_of_url(use.name, unqualified)
    if use.name in FRAME:
        return None
    return owner_of_template(use.name)


def crossings(text: str, owner: str, unqualified: dict[str, str]):
    """What ``text``, a template of ``owner``, names of an app above it or of a sibling."""
    for use in uses(text):
        target = owner_of_use(use, unqualified)
        if target is None or target == owner or HEIGHT[target] < HEIGHT[owner]:
            continue
        where = "above" if HEIGHT[target] > HEIGHT[owner] else "beside"
        yield use, f"{target} stands {where} {owner}"


def our_templates():
    for directory, owner in template_dirs().items():
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                yield path, owner


def test_templates_name_nothing_of_an_app_above_them_or_of_a_sibling():
    unqualified = _names_without_namespace()
    found, waiting = [], set()
    for path, owner in our_templates():
        relative = path.relative_to(ROOT).as_posix()
        for use, why in crossings(path.read_text(encoding="utf-8"), owner, unqualified):
            if (relative, str(use)) in WAITING:
                waiting.add((relative, str(use)))
            else:
                found.append(f"{relative}:{use.line}: {{% {use} %}}: {why}")

    assert found == []
    assert waiting == WAITING, "no longer found: remove from WAITING"


def test_every_template_directory_of_ours_is_read():
    ours = {Path(path) for path in settings.TEMPLATES[0]["DIRS"]}
    for config in apps.get_app_configs():
        if owner_of_module(config.name) and Path(config.path, "templates").is_dir():
            ours.add(Path(config.path, "templates"))

    assert ours == set(template_dirs())


def test_the_namespaces_belong_to_the_apps_whose_urls_declare_them():
    """URL_NAMESPACES says the app of each namespace our URLconfs declare (the site's when it
    is not listed): a namespace that moves to another app, or a new one, is written there."""
    declared = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
                owner = owner_of_module(str(module))
                if pattern.namespace and owner:
                    declared[pattern.namespace] = owner
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)

    assert {namespace: URL_NAMESPACES.get(namespace, "site") for namespace in declared} == declared


# --- the check itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("{% load i18n tz crispy_forms_tags linkify panels westem_text %}", []),
        ("{% load access_tags %}", []),  # profiles: below
        ("{% load resource_tags %}", ["load resource_tags"]),  # resources: beside
        ("{% load file_label from resource_tags %}", ["load resource_tags"]),
        ('{% extends "base.html" %}{% include "profiles/_stepper.html" %}', []),
        ('{% include "includes/form_errors.html" with form=form %}', []),  # core's
        ('{% include "matching/_card.html" %}', ["include matching/_card.html"]),
        ('{% include "includes/navbar.html" %}', ["include includes/navbar.html"]),  # the site's
        ("{% include template_name %}", []),
        ("{% url 'cycles:mentorship_list' %}{% url 'profiles:profile' %}", []),
        ("{% url 'profiles:profile_edit' %}{% url 'admin:cycles_mentorship_change' 1 %}", []),
        ("{% url 'safety:safety_person' 'mentor' id %}", ["url safety:safety_person"]),
        ("{% url 'matching:directory' as directory_url %}", ["url matching:directory"]),
        ("{% url 'resources:library' %}", ["url resources:library"]),
        ("{% url 'reports:dashboard' %}", ["url reports:dashboard"]),
        ("{% url 'dashboard' %}", ["url dashboard"]),  # the site's
        ("{% url 'admin:index' %}", ["url admin:index"]),
        ("{% url 'directory' %}", ["url directory"]),  # matching's, until namespaced
        ("{% comment %}{% load resource_tags %}{% endcomment %}{# {% url 'home' %} #}", []),
    ],
)
def test_the_check_finds_what_a_cycles_template_may_not_name(text, found):
    unqualified = _names_without_namespace()

    assert [str(use) for use, _why in crossings(text, "cycles", unqualified)] == found
