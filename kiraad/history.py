"""A record's change history (django-simple-history) as the pages show it."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_history_manager_for_model

from kiraad.content_lang import DataText, wrap

TYPE_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

# A history row's reason is stored as JSON: {"code": …, "params": {…}} for what the portal
# records by itself, {"text": …} for what a person typed. The code names a SystemReason whose
# English msgid is translated when the row is shown, so the same row reads right in both
# languages, and changing a wording never touches stored rows.
_SYSTEM_REASONS: dict[str, "SystemReason"] = {}


class StoredReason(str):
    """A reason already encoded for storage (made by a SystemReason); kept as it is."""

    __slots__ = ()


@dataclass(frozen=True)
class SystemReason:
    """A reason the portal records by itself: a stable code and the msgid shown for it.

    Declare it at module level with gettext_noop on the msgid (so makemessages collects it) and
    call it with the values its `%(name)s` placeholders need: `MEETING_MOVED(meeting="2/2027")`.
    A value may itself be a StoredReason (it is translated too) or what a person typed.

    The values are data, in the site's language (a title, a name, what a person typed): on a
    page in another language each is marked with `lang` (`reason_html`). `codes` names the
    values that are no language's words (a number, a reference), which are left unmarked.
    """

    code: str
    msgid: str
    codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        known = _SYSTEM_REASONS.setdefault(self.code, self)
        if known.msgid != self.msgid:
            raise ValueError(f"history reason code {self.code!r} declared twice")

    def __call__(self, **params: object) -> StoredReason:
        return StoredReason(
            json.dumps(
                {"code": self.code, "params": {k: _param(v) for k, v in params.items()}},
                ensure_ascii=False,
                sort_keys=True,
            )
        )


def _param(value: object) -> object:
    if isinstance(value, StoredReason):
        return json.loads(value)
    return str(value)


def system_reasons() -> dict[str, SystemReason]:
    """Every declared system reason by code (for tests and the translation check)."""
    return dict(_SYSTEM_REASONS)


# simple-history reads these two instance attributes when it writes the history row of the
# next save() or delete().
CHANGE_REASON, HISTORY_USER = "_change_reason", "_history_user"


def mark_change(
    obj: models.Model, *, reason: str | None, by: AbstractBaseUser | None = None
) -> None:
    """Record `reason` (and who, when known) on the history row of `obj`'s next write."""
    setattr(obj, CHANGE_REASON, stored_reason(reason))
    if by is not None:
        setattr(obj, HISTORY_USER, by)


def stored_reason(reason: str | None) -> str:
    """What to store for `reason`: a StoredReason as it is, anything else as typed text."""
    if isinstance(reason, StoredReason):
        return str(reason)
    return json.dumps({"text": reason or ""}, ensure_ascii=False)


def reason_display(stored: str | None) -> str:
    """A recorded reason in the active language, as text.

    A system reason is translated with its values filled in; typed text is shown as typed. A
    value that is not JSON (a row written before reasons were coded) is shown as it is.
    """
    data = _decode(stored)
    if not isinstance(data, dict):
        return data
    return _render(data, html=False)


def reason_html(stored: str | None) -> SafeString:
    """A recorded reason in the active language, as HTML for a page (issue 21, WCAG 3.1.2).

    As `reason_display`, escaped, with the data in it marked with `lang` where the page is in
    another language than the data's: what a person typed (the whole reason, or the value a
    system reason quotes: «closed: <span lang="nb">Løst i linjen</span>»), and the titles and
    names a system reason quotes. The sentence the portal writes in the reader's language is
    not marked. A person's typed reason is taken to be in the site's language (Norwegian): no
    form records the language it was typed in.
    """
    data = _decode(stored)
    html = _render(data, html=True) if isinstance(data, dict) else _typed(data, html=True)
    return mark_safe(html)  # noqa: S308 (escaped in _typed and _render)


def _decode(stored: str | None) -> dict | str:
    """The stored JSON; '' for nothing; the value itself when it is not a coded reason (a row
    written before reasons were coded, which a person typed)."""
    if not stored:
        return ""
    try:
        data = json.loads(stored)
    except ValueError:
        return DataText(stored)
    return data if isinstance(data, dict) else DataText(stored)


def _typed(text: str, *, html: bool) -> str:
    """What a person typed: as it is, or escaped and marked as data (in the site's language)."""
    if not html:
        return DataText(text)
    return wrap(conditional_escape(text), DataText.language) if text else mark_safe("")


def _render(data: dict, *, html: bool) -> str:
    if "text" in data:
        return _typed(str(data["text"]), html=html)
    code = str(data.get("code", ""))
    reason = _SYSTEM_REASONS.get(code)
    if reason is None:
        return conditional_escape(code) if html else code
    params = {}
    for name, value in (data.get("params") or {}).items():
        if isinstance(value, dict):  # a system reason: translated, in the reader's language
            params[name] = _render(value, html=html)
        elif name in reason.codes:
            params[name] = conditional_escape(str(value)) if html else str(value)
        else:
            params[name] = _typed(str(value), html=html)
    text = gettext(reason.msgid)
    if html:
        text = conditional_escape(text)
    if not params:
        return text
    try:
        return text % params
    except (KeyError, ValueError, TypeError):  # a value the text needs was never stored
        return text


@dataclass
class HistoryEntry:
    """One change: when, by whom, what kind, why (HTML: `reason_html`), and the fields that
    changed."""

    when: datetime
    who: str
    kind: str
    reason: SafeString
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    subject: str = ""


def history_entries(obj: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who changed what, when and why. One query whatever the length."""
    history = get_history_manager_for_model(type(obj)).filter(id=obj.pk)
    records = history.select_related("history_user").order_by("-history_date")[: limit + 1]
    return entries_from_records(list(records), model=type(obj), limit=limit)


def entries_from_records(
    records: list,
    *,
    model: type[models.Model],
    limit: int = 50,
    subject: Callable[[Any], str] | None = None,
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
    shown = sorted(records, key=lambda r: r.history_date, reverse=True)[:limit]
    deltas = {}
    for record in shown:
        before = previous[id(record)]
        if before is not None:
            deltas[id(record)] = [
                change
                for change in record.diff_against(before, foreign_keys_are_objs=False).changes
                if _shown_field(model, change.field)
            ]
    names = _related_names(model, [c for changes in deltas.values() for c in changes])
    entries = []
    for record in shown:
        changes = [
            (
                str(_column(model, change.field).verbose_name),
                _value(model, change.field, change.old, names),
                _value(model, change.field, change.new, names),
            )
            for change in deltas.get(id(record), [])
        ]
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else str(_("system")),
                kind=str(TYPE_LABELS.get(record.history_type, record.history_type)),
                reason=reason_html(record.history_change_reason),
                changes=changes,
                subject=subject(record) if subject else "",
            )
        )
    return entries


# Bookkeeping fields a reader has no use for: pointers the portal keeps for speed, and anything
# not edited by people (rendered HTML, hashes). A model may name more in HISTORY_HIDDEN_FIELDS.
_HIDDEN_FIELDS = frozenset({"id", "latest_update"})


def _shown_field(model: type[models.Model], name: str) -> bool:
    if name in _HIDDEN_FIELDS or name in getattr(model, "HISTORY_HIDDEN_FIELDS", ()):
        return False
    return model._meta.get_field(name).editable


def _related_names(model: type[models.Model], changes: list) -> dict[tuple[type, object], str]:
    """Names of the objects that changed foreign keys point at, one query per related model;
    an object deleted since is named from its own history where it has one."""
    wanted: dict[type[models.Model], set] = {}
    for change in changes:
        field_ = model._meta.get_field(change.field)
        related = field_.related_model
        if (field_.many_to_one or field_.one_to_one) and isinstance(related, type):
            wanted.setdefault(related, set()).update(
                v for v in (change.old, change.new) if v not in (None, "")
            )
    names: dict[tuple[type, object], str] = {}
    for related, ids in wanted.items():
        for obj in related._base_manager.filter(pk__in=ids):
            names[(related, obj.pk)] = _name(obj)
        missing = [pk for pk in ids if (related, pk) not in names]
        history = getattr(related, "history", None)
        if missing and history is not None:
            pk_name = related._meta.pk.attname
            for row in history.filter(**{f"{pk_name}__in": missing}).order_by("history_date"):
                names[(related, getattr(row, pk_name))] = _name(row.instance)
        for pk in ids:
            names.setdefault((related, pk), str(_("deleted record")))
    return names


def _name(obj: models.Model) -> str:
    full_name = getattr(obj, "get_full_name", None)
    return (full_name() if callable(full_name) else "") or str(obj)


def _column(model: type[models.Model], name: str) -> models.Field:
    """A field of `model` with a column of its own (a diff lists only those)."""
    field_ = model._meta.get_field(name)
    if not isinstance(field_, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a reverse relation, not a column")
    return field_


def _value(model: type[models.Model], name: str, value: object, names: dict) -> str:
    field_ = _column(model, name)
    if field_.is_relation and value not in (None, ""):
        related_name = names.get((field_.related_model, value))
        return DataText(related_name) if related_name is not None else str(_("deleted record"))
    if field_.choices:
        value = dict(field_.flatchoices).get(value, value)
    elif isinstance(field_, (models.CharField, models.TextField)) and value not in (None, ""):
        return DataText(value)
    return _display(value)


def _display(value: object) -> str:
    if value in (None, ""):
        return "–"
    return str(value)
