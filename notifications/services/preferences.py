"""Writes of a reader's choices: how each kind of notification reaches them, the signed
unsubscribe links in every e-mail, and an agency's shared mailbox."""

from django.core import signing
from django.db import transaction

from kiraad.models import Agency, User
from notifications.models import AgencyMailbox, Delivery, Notification, Preference, UserSettings

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(row: Notification, *, all_kinds: bool = False) -> str:
    kind = "*" if all_kinds else row.kind
    if row.user_id is not None:
        return signing.dumps({"u": row.user_id, "k": kind}, salt=UNSUBSCRIBE_SALT)
    return signing.dumps({"m": row.email, "k": kind}, salt=UNSUBSCRIBE_SALT)


@transaction.atomic
def preferences_set(*, user: User, deliveries: dict[str, str], language: str | None = None) -> None:
    """Store how `user` wants each kind (immediately: no row)."""
    immediate = [kind for kind, delivery in deliveries.items() if delivery == Delivery.IMMEDIATE]
    Preference.objects.filter(user=user, kind__in=immediate).delete()
    Preference.objects.bulk_create(
        [
            Preference(user=user, kind=kind, delivery=delivery)
            for kind, delivery in deliveries.items()
            if delivery != Delivery.IMMEDIATE
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery"],
    )
    if language:
        UserSettings.objects.update_or_create(user=user, defaults={"language": language})


@transaction.atomic
def unsubscribe(*, token: str) -> list[str]:
    """Turn off the kind(s) the signed token names; returns the kinds turned off.

    Raises signing.BadSignature for a token that was not signed by the portal."""
    from kiraad.notifications import KINDS

    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    kinds = list(KINDS) if data["k"] == "*" else [data["k"]]
    kinds = [kind for kind in kinds if kind in KINDS]
    if "u" in data:
        user = User.objects.filter(pk=data["u"]).first()
        if user is not None:
            preferences_set(user=user, deliveries=dict.fromkeys(kinds, Delivery.OFF))
    else:
        for mailbox in AgencyMailbox.objects.select_for_update().filter(email=data["m"]):
            mailbox.kinds_off = sorted(set(mailbox.kinds_off) | set(kinds))
            mailbox.save(update_fields=["kinds_off"])
    return kinds


@transaction.atomic
def mailbox_set(*, agency: Agency, email: str) -> None:
    """Name (or, with an empty address, remove) the agency's shared mailbox."""
    if not email:
        AgencyMailbox.objects.filter(agency=agency).delete()
        return
    AgencyMailbox.objects.update_or_create(agency=agency, defaults={"email": email})
