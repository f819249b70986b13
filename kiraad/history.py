"""A record's change history (django-simple-history) as the pages show it."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

TYPE_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def history_entries(obj: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who changed what, when and why. Two queries whatever the length."""
    records = list(obj.history.select_related("history_user").order_by("-history_date")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                model_field = obj._meta.get_field(change.field)
                changes.append(
                    (
                        str(model_field.verbose_name),
                        _display(change.old),
                        _display(change.new),
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
            )
        )
    return entries


def _display(value: object) -> str:
    if value in (None, ""):
        return "–"
    return str(value)
