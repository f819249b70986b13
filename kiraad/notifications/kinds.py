"""The notification kinds: what a person can be told, and how each reads.

Subjects and texts are `gettext_noop` strings with %(name)s placeholders filled from the
context given to `notify`; they are translated in each recipient's language when sent.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

# Context keys whose values are no language's words (numbers, dates, links). Every other value
# that is not translated is data in the site's language (a title, a meeting, a place, a reason
# someone typed), which the HTML e-mail marks with lang where the recipient reads English.
PLAIN = ("count", "due", "when", "agenda_pdf")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    subject: str
    text: str
    # Context keys whose values are gettext_noop strings, translated in the recipient's language.
    translated: tuple[str, ...] = ()
    plain: tuple[str, ...] = PLAIN


_ALL = [
    Kind(
        "request_assigned",
        gettext_noop("A guidance request is assigned to my agency"),
        gettext_noop("Guidance request assigned to your agency: %(title)s"),
        gettext_noop("The request «%(title)s» has been assigned to %(agency)s."),
    ),
    Kind(
        "dmp_confirmation",
        gettext_noop("DMP's confirmation is needed"),
        gettext_noop("DMP's confirmation needed: %(title)s"),
        gettext_noop("The answer to «%(title)s» is signed off and awaits DMP's confirmation."),
    ),
    Kind(
        "question_received",
        gettext_noop("A new public question or follow-up"),
        gettext_noop("New question or follow-up: %(title)s"),
        gettext_noop("«%(title)s» has arrived and is waiting to be triaged."),
    ),
    Kind(
        "escalation_new",
        gettext_noop("A new escalation from the network"),
        gettext_noop("New escalation: %(title)s"),
        gettext_noop("The competence network has escalated «%(title)s» to the council."),
    ),
    Kind(
        "agenda_published",
        gettext_noop("An agenda is published"),
        gettext_noop("Agenda published: %(meeting)s"),
        gettext_noop(
            "The agenda for %(meeting)s (%(when)s) is published. The invitation with the "
            "agenda and its documents (PDF): %(agenda_pdf)s"
        ),
    ),
    Kind(
        "meeting_changed",
        gettext_noop("A meeting is moved or its place changed"),
        gettext_noop("Meeting changed: %(meeting)s"),
        gettext_noop(
            "%(meeting)s has been changed. Time: %(when)s. Place: %(place)s. The updated "
            "calendar file is attached."
        ),
    ),
    Kind(
        "meeting_cancelled",
        gettext_noop("A meeting is cancelled"),
        gettext_noop("Meeting cancelled: %(meeting)s"),
        gettext_noop(
            "%(meeting)s (%(when)s) is cancelled. Reason: %(reason)s. The attached calendar "
            "file removes it from your calendar."
        ),
    ),
    Kind(
        "round_opened",
        gettext_noop("A reporting round opens"),
        gettext_noop("Reporting round opened: %(round)s"),
        gettext_noop(
            "The reporting round %(round)s is open. %(count)s of your agency's measures are "
            "due an update by %(due)s."
        ),
    ),
    Kind(
        "round_reminder",
        gettext_noop("A reporting deadline is near"),
        gettext_noop("Reporting due %(due)s: %(round)s"),
        gettext_noop(
            "%(count)s of your agency's measures still need an update in %(round)s, due %(due)s."
        ),
    ),
    Kind(
        "round_overdue",
        gettext_noop("A reporting deadline has passed"),
        gettext_noop("Reporting overdue: %(round)s"),
        gettext_noop(
            "The deadline of %(round)s was %(due)s. %(count)s of your agency's measures have "
            "no update yet."
        ),
    ),
    Kind(
        "action_due",
        gettext_noop("A follow-up action is due soon or overdue"),
        gettext_noop("Action due %(due)s: %(title)s"),
        gettext_noop("The follow-up action «%(title)s» owned by %(agency)s is due %(due)s."),
    ),
    Kind(
        "term_ending",
        gettext_noop("A term or the mandate is ending"),
        gettext_noop("Ending %(due)s: %(title)s"),
        gettext_noop("%(what)s: %(title)s ends %(due)s."),
        translated=("what",),
    ),
    Kind(
        "answer_sent_back",
        gettext_noop("The council's answer is sent back to the network"),
        gettext_noop("KI-rådet has answered: %(title)s"),
        gettext_noop(
            "The council's answer to «%(title)s» has been sent back to %(network)s.\n\n"
            "%(response)s\n\n%(nature)s"
        ),
        translated=("nature",),
    ),
]

KINDS: dict[str, Kind] = {kind.code: kind for kind in _ALL}
