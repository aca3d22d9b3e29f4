from allauth.account.forms import ReauthenticateForm
from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(ReauthenticateForm):
    """Her current password (checked by allauth, with its rate limit on failed attempts) and a
    tick that she understands. Typing the password is the re-authentication for this step."""

    understand = forms.BooleanField(
        label=_(
            "I understand that my account is deleted, my mentorships end and this cannot be undone."
        ),
        error_messages={"required": _("Tick the box to confirm that you understand.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Your current password")
        self.fields["password"].widget.attrs["placeholder"] = ""
