"""Django's makemessages, also collecting strings marked with the `N_` alias of gettext_noop.

guidance.views marks its action headings and done messages `N_("Triage saved.")` and translates
them when shown; xgettext only knows `gettext_noop` by its full name, so without this they never
reached the catalogue and showed in English.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
