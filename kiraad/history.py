"""A record's change history (django-simple-history) as the pages show it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

TYPE_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


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
                reason=record.history_change_reason or "",
                changes=changes,
                subject=subject(record) if subject else "",
            )
        )
    return entries


def _display(value: object) -> str:
    if value in (None, ""):
        return "–"
    return str(value)
