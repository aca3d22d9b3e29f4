from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedModelMultipleChoiceField, bounded, country_choices
from core.widgets import FastSelect

from . import selectors
from .models import ExpertiseArea, Profile, Role, SpokenLanguage


class _ReadingOrderIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for language in selectors.in_reading_order(self.queryset):
            yield self.choice(language)


class SpokenLanguagesField(CheckedModelMultipleChoiceField):
    """The spoken languages as boxes to tick, the site's languages first and the reader's
    own at the top (``selectors.in_reading_order``), every name in her language."""

    iterator = _ReadingOrderIterator

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("error_messages", {"required": _("Choose at least one language.")})
        super().__init__(queryset=SpokenLanguage.objects.all(), **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I join the program as"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you join as a mentor or as a mentee.")},
    )


class CodeOfConductForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the code of conduct and I accept it."),
        error_messages={"required": _("Tick the box to accept the code of conduct.")},
    )


class ProfileForm(forms.ModelForm):
    expertise = CheckedModelMultipleChoiceField(
        label=_("Fields of expertise or interest"),
        queryset=ExpertiseArea.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one field.")},
    )
    languages = SpokenLanguagesField(label=_("Languages spoken"))

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "country",
            "stage",
            "organisation",
            "bio",
            "goals",
            "expertise",
            "languages",
            "style_traditional",
            "style_flash",
            "hours_per_month",
            "timezone",
            "language",
            "meeting_handle",
            "photo",
            "birth_date",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "country": FastSelect,
            "stage": FastSelect,
            "timezone": FastSelect,
            "language": FastSelect,
            "bio": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "display_name": _("The name others see, for example your first name."),
            "bio": _("A few lines about you: your studies or work, and what brings you here."),
            "goals": _("What you hope to get from, or give to, mentoring."),
            "hours_per_month": _("The program asks for at least 1–3 hours a month."),
            "photo": _("Optional. JPEG, PNG or WebP, at most 2 MB."),
        }

    def __init__(self, *args, role: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("display_name", "country", "stage", "bio", "hours_per_month"):
            self.fields[name].required = True
        # CLDR's names in her language and order; the model field's list is django-countries'.
        self.fields["country"].choices = [
            ("", "---------"),
            *country_choices(get_language() or "en"),
        ]
        bounded(self.fields["hours_per_month"], 1, 40)
        # Asked at sign-up; who signed up before gives it here, once. Afterwards staff alone
        # change it (in the admin): a girl cannot make herself older than she said.
        birth_date_asked = self.instance.birth_date is None
        if birth_date_asked:
            self.fields["birth_date"].required = True
            self.fields["birth_date"].label = _("Date of birth")
            self.fields["birth_date"].help_text = _(
                "Kept private: others see only whether you are under 18."
            )
        else:
            del self.fields["birth_date"]
        if role == Role.MENTOR:
            self.fields["goals"].label = _("What you would like to offer")
            self.fields["style_traditional"].label = _("I offer traditional mentoring")
            self.fields["style_flash"].label = _("I offer flash mentoring")
        else:
            self.fields["style_traditional"].label = _("I would like traditional mentoring")
            self.fields["style_flash"].label = _("I would like flash mentoring")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has its own token
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                "display_name",
                *(["birth_date"] if birth_date_asked else []),
                Div(
                    Div("country", css_class="col-md-6"),
                    Div("stage", css_class="col-md-6"),
                    css_class="row",
                ),
                "organisation",
                "bio",
                "goals",
                "photo",
            ),
            Fieldset(
                _("Fields and languages"),
                Div("expertise", css_class="checkbox-columns"),
                Div("languages", css_class="checkbox-columns checkbox-many"),
            ),
            Fieldset(
                _("Mentoring"),
                HTML('<p class="form-text mt-0">{}</p>'.format(_("Choose at least one style."))),
                "style_traditional",
                "style_flash",
                "hours_per_month",
                "meeting_handle",
            ),
            Fieldset(
                _("Time and language"),
                Div(
                    Div("timezone", css_class="col-md-6"),
                    Div("language", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("style_traditional") or cleaned.get("style_flash")):
            self.add_error("style_traditional", _("Choose at least one mentoring style."))
        return cleaned
