"""The council core's demo users (never in production): one per role and one representative per
member agency, with the stable names DESIGN.md gives. Idempotent, like the seed loaders: a user
is matched on its username and updated in place.
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from kiraad import reasons
from kiraad.access import Role
from kiraad.models import Agency, Body, Membership, Representative, User
from kiraad.seed import Log
from kiraad.services import save_with_reason, user_set_roles

DEMO_REASON = reasons.DEMO_DATA()


# Demo users: one per role and one representative per member agency (DESIGN.md, stable names).
DEMO_REPRESENTATIVES = {
    "rep-hdir": "HDIR",
    "rep-dmp": "DMP",
    "rep-fhi": "FHI",
    "rep-htil": "HTIL",
    "rep-hso": "HSØ",
    "rep-hv": "HV",
    "rep-hmn": "HMN",
    "rep-hn": "HN",
    "rep-ks": "KS",
    "rep-datatilsynet": "DATATILSYNET",
}
DEMO_FIRST_NAMES = [
    "Kari",
    "Ola",
    "Ingrid",
    "Per",
    "Sigrid",
    "Lars",
    "Nora",
    "Jonas",
    "Maja",
    "Emil",
]


class DemoDataRefused(Exception):
    """Demo users must never be created in production."""


@transaction.atomic
def load_demo(*, data_dir: Path, log: Log) -> None:
    if not settings.ALLOW_DEMO_DATA:
        raise DemoDataRefused(
            "Demo data is only loaded with DEBUG on or ALLOW_DEMO_DATA set; never in production."
        )
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    _demo_user("sekretariat", "Siri", "Sekretær", agencies.get("HDIR"), {Role.SECRETARIAT})
    admin = _demo_user("admin", "Ada", "Admin", None, set())
    if not (admin.is_staff and admin.is_superuser):
        admin.is_staff = admin.is_superuser = True
        save_with_reason(admin, by=None, reason=DEMO_REASON)
    _demo_user("kin", "Kim", "Koordinator", agencies.get("KIN"), {Role.NETWORK_COORDINATOR})
    council = Body.objects.filter(key="ki-radet").first()
    mandate = council.mandates.order_by("-term_start").first() if council else None
    for index, (username, code) in enumerate(DEMO_REPRESENTATIVES.items()):
        agency = agencies.get(code)
        if agency is None:
            log(f"demo: agency {code} missing, {username} skipped")
            continue
        user = _demo_user(
            username,
            DEMO_FIRST_NAMES[index],
            # The header shows the agency after the name; it is not part of the name.
            "Representant",
            agency,
            {Role.AGENCY_REPRESENTATIVE},
        )
        membership = (
            Membership.objects.filter(mandate=mandate, agency=agency).first() if mandate else None
        )
        if membership and not Representative.objects.filter(membership=membership, user=user):
            save_with_reason(
                Representative(membership=membership, user=user), by=None, reason=DEMO_REASON
            )
    log(f"demo users: {User.objects.count()}")


def _demo_user(username, first_name, last_name, agency, roles) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=first_name, last_name=last_name)
        user.email = f"{username}@demo.invalid"
        user.set_password(settings.DEMO_PASSWORD)
        save_with_reason(user, by=None, reason=DEMO_REASON)
    else:
        if (user.first_name, user.last_name) != (first_name, last_name):
            user.first_name, user.last_name = first_name, last_name
            save_with_reason(user, by=None, reason=DEMO_REASON)
        if not user.check_password(settings.DEMO_PASSWORD):
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
    current_roles = set(user.groups.values_list("name", flat=True))
    wanted = {str(role) for role in roles}
    if user.agency_id != (agency.pk if agency else None) or not wanted <= current_roles:
        user_set_roles(user=user, agency=agency, roles=roles, by=None, reason=DEMO_REASON)
    return user
