"""Reads for an agency's succession: what `agency_dissolve` would move, shown before it runs.

The council core lists its own records (users and their rights, memberships, open follow-up
actions). Apps that own records tied to an agency register a preview in
`kiraad.registry.succession_previews` next to their dissolution handler, so the core never
imports them.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kiraad import registry
from kiraad.access import AGENCY_GROUP_PREFIX
from kiraad.models import ActionItem, Agency, Membership, User


@dataclass(frozen=True)
class SuccessionSection:
    """One kind of record that moves: a heading, column headers and one row per record."""

    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)


def day(value: datetime.date | None) -> str:
    """A date as the pages show it (dd.mm.yyyy), or «–»."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def agency_succession_preview(
    *, agency: Agency, successor: Agency, on: datetime.date
) -> list[SuccessionSection]:
    """Everything `agency_dissolve(agency=…, successor=…, on=…)` would move or end."""
    return [
        *_core_sections(agency=agency, successor=successor, on=on),
        *(
            section
            for preview in registry.succession_previews.providers()
            for section in preview(agency=agency, successor=successor, on=on)
        ),
    ]


def _core_sections(
    *, agency: Agency, successor: Agency, on: datetime.date
) -> list[SuccessionSection]:
    users = User.objects.filter(agency=agency).prefetch_related("groups").order_by("username")
    old_group = f"{AGENCY_GROUP_PREFIX}{agency.code}"
    new_group = f"{AGENCY_GROUP_PREFIX}{successor.code}"
    user_rows = []
    for user in users:
        roles = sorted(g.name for g in user.groups.all() if g.name != old_group)
        user_rows.append(
            (
                str(user),
                user.username,
                ", ".join(roles) or "–",
                _("rights of %(old)s → rights of %(new)s")
                % {"old": agency.display_name, "new": successor.display_name},
                f"{old_group} → {new_group}",
            )
        )
    day_before = on - datetime.timedelta(days=1)
    memberships = (
        Membership.objects.filter(agency=agency)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("mandate__body")
        .order_by("mandate__term_start", "pk")
    )
    actions = (
        ActionItem.objects.filter(owner_agency=agency, status__in=ActionItem.OPEN_STATUSES)
        .select_related("meeting")
        .order_by("due_date", "pk")
    )
    return [
        SuccessionSection(
            title=_("Users and their rights"),
            headers=(_("Name"), _("User name"), _("Roles"), _("Rights"), _("Group")),
            rows=user_rows,
        ),
        SuccessionSection(
            title=_("Memberships (end the day before)"),
            headers=(_("Mandate"), _("Role"), _("From"), _("To now"), _("To after")),
            rows=[
                (
                    str(m.mandate),
                    m.get_role_display(),
                    day(m.start),
                    day(m.end),
                    day(max(day_before, m.start) if m.start else day_before),
                )
                for m in memberships
            ],
        ),
        SuccessionSection(
            title=_("Open follow-up actions"),
            headers=(_("Action"), _("Meeting"), _("Due"), _("Owner now"), _("Owner after")),
            rows=[
                (
                    a.title,
                    str(a.meeting),
                    day(a.due_date),
                    agency.display_name,
                    successor.display_name,
                )
                for a in actions
            ],
        ),
    ]
