"""Interface strings from Django itself that its own Norwegian catalogue lacks (Django 6.1).

Listed here so `makemessages` keeps them in our catalogue, which takes precedence.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
]
