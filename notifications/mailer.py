"""How a notification reads as an e-mail: subject, plain text and HTML, in the recipient's
language, with absolute links from settings.SITE_URL and a one-click unsubscribe link."""

import hashlib
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kiraad import registry
from kiraad.content_lang import wrap
from kiraad.notifications import KINDS, Kind
from notifications.models import Notification
from notifications.selectors import email_language


def _fill(template: str, context: dict[str, Any], translated: tuple[str, ...] = ()) -> str:
    values: defaultdict[str, str] = defaultdict(
        str, {k: _(str(v)) if k in translated else str(v) for k, v in context.items()}
    )
    return _(template) % values


def _fill_html(template: str, context: dict[str, Any], kind: Kind) -> SafeString:
    """As `_fill`, escaped, for the HTML part: the data in it (what is neither translated nor
    plain) marked with lang="nb" where the e-mail is in English (issue 21)."""

    def value(key: str, raw: object) -> str:
        if key in kind.translated:
            return conditional_escape(_(str(raw)))
        if key in kind.plain:
            return conditional_escape(str(raw))
        return wrap(conditional_escape(str(raw)))

    values: defaultdict[str, str] = defaultdict(str, {k: value(k, v) for k, v in context.items()})
    return mark_safe(conditional_escape(_(template)) % values)  # noqa: S308 (both escaped)


def _item(row: Notification) -> dict[str, str]:
    kind = KINDS[row.kind]
    return {
        "subject": _fill(kind.subject, row.context, kind.translated),
        "text": _fill(kind.text, row.context, kind.translated),
        "subject_html": _fill_html(kind.subject, row.context, kind),
        "text_html": _fill_html(kind.text, row.context, kind),
        "url": f"{settings.SITE_URL}{row.path}" if row.path else "",
        "label": _(kind.label),
    }


def build(
    rows: list[Notification], *, unsubscribe_token: str, language: str | None = None
) -> EmailMultiAlternatives:
    """One e-mail for `rows` (one row: the notification; several: the daily digest), in
    `language` (by default the recipient's, read now)."""
    first = rows[0]
    unsubscribe_url = settings.SITE_URL + reverse(
        "notifications:unsubscribe", kwargs={"token": unsubscribe_token}
    )
    with translation.override(language or email_language(first.user)):
        items = [_item(row) for row in rows]
        digest = len(rows) > 1 or first.delivery == "digest"
        subject = (
            _("KI-rådet: your daily summary (%(count)s)") % {"count": len(items)}
            if digest
            else items[0]["subject"]
        )
        context = {
            "items": items,
            "digest": digest,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
            "subject": subject,
        }
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    message_id = hashlib.sha256("|".join(r.idempotency_key for r in rows).encode()).hexdigest()
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0]
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[first.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": f"<{message_id[:32]}@{host}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments(rows):
        message.attach(filename, content, mimetype)
    return message


def attachments(rows: list[Notification]) -> list[tuple[str, bytes, str]]:
    """The files the apps attach for what `rows` are about, rendered now (a meeting's .ics
    as it stands when the e-mail leaves); one file per name in a digest."""
    files: dict[str, tuple[str, bytes, str]] = {}
    for row in rows:
        if not row.subject_label or row.subject_pk is None:
            continue
        for provider in registry.notification_attachments.providers():
            for filename, content, mimetype in provider(
                kind=row.kind, label=row.subject_label, pk=row.subject_pk
            ):
                files[filename] = (filename, content, mimetype)
    return list(files.values())
