"""The staff's form for a library resource (in the admin). It checks the input — an upload by
its content, a link or a file but not both — and ``resources.services`` saves it."""

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.cldr import reader_language
from core.collation import collated
from profiles.models import SpokenLanguage

from .filters import phase_choices
from .models import Resource
from .services import RESOURCE_FIELDS
from .validators import check_resource_file


def language_choices(current: str = "") -> list[tuple[str, str]]:
    """The spoken languages by code, the resource's own kept even if no longer in the list."""
    choices = collated(
        ((language.code, language.name) for language in SpokenLanguage.objects.all()),
        reader_language(),
        key=lambda choice: choice[1],
    )
    if current and current not in {code for code, _name in choices}:
        choices.append((current, current))
    return [("", "---------"), *choices]


class ResourceAdminForm(forms.ModelForm):
    url = forms.URLField(
        label=capfirst(Resource._meta.get_field("url").verbose_name),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=AdminURLFieldWidget,
        help_text=_("A page elsewhere: an article, a video, a network's site."),
    )
    phases = forms.TypedMultipleChoiceField(
        label=_("Phases it helps with"),
        choices=phase_choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The mentorship page suggests it to the pairs in these phases."),
    )
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG or plain text, at most "
            "%(max)s. Checked by its content, not by its name; served as a download."
        )
        % {"max": filesizeformat(settings.RESOURCE_FILE_MAX_BYTES)},
    )
    remove_file = forms.BooleanField(
        label=_("Remove the current file"),
        required=False,
        help_text=_("Then give a link instead."),
    )

    class Meta:
        model = Resource
        fields = list(RESOURCE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            current = self.instance.language if self.instance.pk else ""
            language = forms.ChoiceField(
                label=self.fields["language"].label,
                help_text=_("The language the resource itself is in."),
                choices=language_choices(current),
            )
            self.fields["language"] = language
        if self.instance.pk:
            self.initial.setdefault("phases", self.instance.phases())

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            check_resource_file(upload)
        return upload or None

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        upload = cleaned.get("upload")
        if "upload" in self.errors or "url" in self.errors:
            return cleaned
        keeps_file = bool(self.instance.pk and self.instance.file) and not cleaned.get(
            "remove_file"
        )
        has_file = upload is not None or keeps_file
        if url and has_file:
            raise ValidationError(
                _("Give a link or a file, not both: a resource is one or the other."),
                code="link_and_file",
            )
        if not url and not has_file:
            raise ValidationError(_("Give a link, or upload a file."), code="no_link_or_file")
        return cleaned

    def resource_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in RESOURCE_FIELDS if name in self.fields}
        data["phases"] = self.cleaned_data.get("phases", [])
        return data
