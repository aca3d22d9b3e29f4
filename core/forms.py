import functools

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections
from django.utils.translation import gettext as _
from django_countries import countries

from .cldr import country_name, reader_language
from .collation import collated


@functools.lru_cache(maxsize=8)
def country_choices(language: str) -> list[tuple[str, str]]:
    """Every country as (code, CLDR's name in ``language``), in that language's order
    ("Österrike" after "Zimbabwe" in Swedish): worked out once per language."""
    language = reader_language(language)
    named = ((code, country_name(code, language)) for code in countries.countries)
    return collated(named, language, key=lambda choice: choice[1])


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, but an id past the database's integer range
    ("99999999999999999999") is an invalid choice like any unknown id: SQLite raises
    OverflowError for it, a server error instead of a message next to the field."""

    def _check_values(self, value):
        key = self.queryset.model._meta.pk if self.to_field_name is None else None
        ranges = connections[self.queryset.db].ops.integer_field_ranges
        if key is not None and key.get_internal_type() in ranges:
            low, high = ranges[key.get_internal_type()]
            for item in value:
                try:
                    number = int(item)
                except (TypeError, ValueError):
                    continue  # Django's own check says that it is not a valid value
                if not low <= number <= high:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)


def bounded(field: forms.IntegerField, low: int, high: int) -> None:
    """Min and max set after construction add no validators: add them, so an out-of-range
    number gets a plain message next to the field instead of a database error. The model
    field's own bounds (0 for a positive integer) go, so -1 gets one message, not two that
    disagree."""
    message = _("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high}
    field.min_value, field.max_value = low, high
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, MinValueValidator | MaxValueValidator)
    ] + [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]
    field.widget.attrs.update({"min": low, "max": high})
