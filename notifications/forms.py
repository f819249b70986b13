from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kiraad.notifications import KINDS
from notifications.models import Delivery


class PreferencesForm(forms.Form):
    """One choice per kind, and the language of the e-mails."""

    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, kind in KINDS.items():
            self.fields[f"kind_{code}"] = forms.ChoiceField(
                label=_(kind.label), choices=Delivery.choices, widget=forms.RadioSelect
            )

    def deliveries(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"kind_{code}"] for code in KINDS}

    def kind_fields(self) -> list:
        return [self[f"kind_{code}"] for code in KINDS]


class MailboxForm(forms.Form):
    mailbox = forms.EmailField(
        label=_("Your agency's shared mailbox"),
        required=False,
        help_text=_("Gets every notification addressed to your agency. Leave empty for none."),
    )
