"""Requests the site refuses before any of it is read."""

from django.core.exceptions import BadRequest

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UTF_8 = ("utf-8", "utf8")


class FormCharsetMiddleware:
    """A form is read as UTF-8, which is what every page of the site asks browsers to send.

    A form that declares another charset (``charset=latin-1``) made Django refuse the body
    when it was read — and read it again for the CSRF check of the error page itself, so the
    answer was a server error. Here such a request is read as UTF-8 (replacement characters
    for what is no UTF-8: nothing anywhere can fail on it) and answered with the site's 400
    page, in the visitor's language, before any view or the CSRF check sees it. First in
    ``MIDDLEWARE``, so that its ``process_view`` runs before every other one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset")
        if (
            request.content_type in FORM_TYPES
            and charset is not None
            and charset.strip().lower() not in UTF_8
        ):
            request.unreadable_form = True
            request.encoding = "utf-8"
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "unreadable_form", False):
            raise BadRequest("The form declares a charset other than UTF-8.")
        return None
