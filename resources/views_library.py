"""The library's pages: the list with its filters, a resource's page, a file's download."""

import os

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from . import selectors, services
from .filters import LibraryFilter
from .models import Resource
from .validators import content_type_for_download

PAGE_SIZE = 12


def _role(request) -> str:
    return getattr(getattr(request, "profile", None), "role", "") or ""


@require_GET
def library(request):
    role = _role(request)
    if role:
        services.record_library_visit(user=request.user)
    filterset = LibraryFilter(request.GET, queryset=selectors.library_resources(), role=role)
    narrowing = filterset.narrowing()
    resources = filterset.qs
    if not narrowing:
        # With no filter set the featured resources have their own row above the others.
        resources = resources.filter(is_featured=False)
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    featured = []
    if not narrowing and page.number == 1:
        featured = selectors.featured_resources(filterset.form.cleaned_data.get("audience"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "resources/library.html",
        {
            "filter": filterset,
            "featured": featured,
            "page": page,
            "query": query.urlencode(),
            "narrowing": narrowing,
            "role": role,
        },
    )


@require_GET
def resource_detail(request, public_id):
    resource = selectors.resource_for_page(public_id)
    return render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "more": selectors.more_in_category(resource, _role(request)),
        },
    )


def download_filename(resource: Resource) -> str:
    """The title as the file's name, with the stored file's extension."""
    extension = os.path.splitext(resource.file.name)[1].lower()
    return f"{slugify(resource.title)[:80] or 'resource'}{extension}"


@require_GET
def resource_download(request, public_id):
    """The resource's file as an attachment, never shown in the browser: the type is the one
    stored at upload (from the library's list of kinds) and the browser may not guess another."""
    resource = get_object_or_404(Resource.objects.published().exclude(file=""), public_id=public_id)
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_filename(resource),
        content_type=content_type_for_download(resource.file_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
