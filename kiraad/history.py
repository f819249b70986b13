"""A record's change history (django-simple-history) as the pages show it."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

TYPE_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

# System reasons are stored in English (the msgid) and translated when shown, because the same
# row is read in both languages. Those with values in them are declared with reason_template.
_REASON_TEMPLATES: dict[str, re.Pattern[str]] = {}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def reason_template(msgid: str) -> str:
    """Declare a system reason with `%(name)s` placeholders; returns `msgid` for formatting.

    Mark the msgid with gettext_noop as well, so makemessages collects it. Declare it at module
    level in a module that is imported at start-up (the apps' services), so that
    `reason_display` knows it before any history is shown.
    """
    parts = _PLACEHOLDER.split(msgid)  # literal, name, literal, name, …, literal
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    _REASON_TEMPLATES[msgid] = re.compile(regex, re.DOTALL)
    return msgid


def reason_display(reason: str | None) -> str:
    """A recorded reason in the active language.

    A system reason (an English msgid, possibly a declared template with its values filled in)
    is translated; the values are translated too when they are themselves system reasons. Any
    other text, such as a reason a user typed, is returned as it is.
    """
    if not reason:
        return ""
    translated = gettext(reason)
    if translated != reason:
        return translated
    for msgid, pattern in _REASON_TEMPLATES.items():
        match = pattern.fullmatch(reason)
        if match:
            return gettext(msgid) % {
                name: gettext(value) for name, value in match.groupdict().items()
            }
    return reason


@dataclass
class HistoryEntry:
    """One change: when, by whom, what kind, why, and the fields that changed."""

    when: datetime
    who: str
    kind: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    subject: str = ""


def history_entries(obj: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who changed what, when and why. One query whatever the length."""
    records = obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    return entries_from_records(list(records), model=type(obj), limit=limit)


def entries_from_records(
    records: list,
    *,
    model: type[models.Model],
    limit: int = 50,
    subject: Callable[[object], str] | None = None,
) -> list[HistoryEntry]:
    """Turn historical rows of one model (any number of objects) into entries with diffs.

    `subject(record)` names the object a row belongs to, for lists that mix objects.
    """
    pk_name = model._meta.pk.attname
    previous_of: dict = {}
    previous: dict[int, object] = {}
    for record in sorted(records, key=lambda r: r.history_date):
        key = getattr(record, pk_name)
        previous[id(record)] = previous_of.get(key)
        previous_of[key] = record
    entries = []
    for record in sorted(records, key=lambda r: r.history_date, reverse=True)[:limit]:
        changes = []
        before = previous[id(record)]
        if before is not None:
            delta = record.diff_against(before, foreign_keys_are_objs=False)
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                choices = dict(model_field.flatchoices) if model_field.choices else {}
                changes.append(
                    (
                        str(model_field.verbose_name),
                        _display(choices.get(change.old, change.old)),
                        _display(choices.get(change.new, change.new)),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else str(_("system")),
                kind=str(TYPE_LABELS.get(record.history_type, record.history_type)),
                reason=reason_display(record.history_change_reason),
                changes=changes,
                subject=subject(record) if subject else "",
            )
        )
    return entries


def _display(value: object) -> str:
    if value in (None, ""):
        return "–"
    return str(value)
