"""The notification API every part of the portal calls: `notify(kind=..., recipients=...)`.

A service that causes a notification calls `notify(...)` inside its own transaction. The
notifications app (top-level `notifications/`) registers the outbox writer in
`kiraad.registry.notification_outbox`; it writes one outbox row per recipient in that same
transaction and sends them after commit. So the apps and the council core import only this
package, never the notifications app (the import-linter contracts in pyproject.toml).
"""

from collections.abc import Iterable
from typing import Any

from django.db import models

from kiraad import registry
from kiraad.notifications.kinds import KINDS, Kind

__all__ = ["KINDS", "Kind", "notify"]


def notify(
    *,
    kind: str,
    recipients: Iterable[Any],
    subject_object: models.Model | None = None,
    context: dict[str, str] | None = None,
    path: str = "",
    key: str = "",
) -> int:
    """Queue notification `kind` for `recipients` (users, agencies, or kiraad.access.Role
    values); returns how many outbox rows were written.

    `context` fills the kind's subject and text (plain strings, rendered in each recipient's
    language when sent); `path` is the site-relative link to the page that does the work;
    `key` makes the call idempotent: a second call with the same key writes nothing (the daily
    sweeps pass one so that a reminder goes out once). Without a key every call is new.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    writers = registry.notification_outbox.providers()
    if not writers:
        return 0
    return writers[0](
        kind=kind,
        recipients=list(recipients),
        subject_object=subject_object,
        context=dict(context or {}),
        path=path,
        key=key,
    )
