"""The council page's slow-changing parts, rendered once and shared through the page cache.

The body and its mandate, the members with their representatives, the earlier bodies, the
mandate's history and the body's meetings change a few times a year, yet reading and drawing
them took most of the page's time at ten times the real volume (six reads with prefetches and
some 2,000 template lookups). They are read and rendered here from the partials of
kiraad/council.html and cached under the data versions of every table they are drawn from
(kiraad/page_cache.py), so any write, even raw SQL, shows at once; a hit costs one query. Which
meetings are upcoming and which past moves with the clock, and planned ones are the
secretariat's: that split is made on every request, from the cached list
(kiraad.meetings.selectors.meetings_split), each meeting's line already drawn.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from kiraad import selectors
from kiraad.meetings import selectors as meeting_selectors
from kiraad.models import (
    Agency,
    Body,
    Mandate,
    Meeting,
    Membership,
    Representative,
    Source,
    User,
)
from kiraad.page_cache import page_cache_get_or_build, page_cache_key

# Every table the sections are drawn from; each has a data-version trigger (kiraad/migrations/
# 0003, 0013 and 0016), checked by tests/kiraad/test_council_cache.py.
SOURCES: tuple[type[models.Model], ...] = (
    Body,
    Body.sources.through,
    Source,
    Mandate,
    Membership,
    Representative,
    User,
    Agency,
    Mandate.history.model,
    Membership.history.model,
    Meeting,
)


@dataclass(frozen=True, slots=True)
class MeetingLine:
    """One meeting in the council page's lists, drawn for either list."""

    pk: int
    starts_at: datetime.datetime
    status: str
    upcoming: SafeString
    past: SafeString


def _lines(meetings: list[Meeting]) -> list[MeetingLine]:
    return [
        MeetingLine(
            pk=meeting.pk,
            starts_at=meeting.starts_at,
            status=meeting.status,
            upcoming=render_to_string("kiraad/council.html#meeting-upcoming", {"meeting": meeting}),
            past=render_to_string("kiraad/council.html#meeting-past", {"meeting": meeting}),
        )
        for meeting in meetings
    ]


@dataclass(frozen=True, slots=True)
class CouncilSections:
    body: Body | None
    mandate: Mandate | None  # the body's newest
    head: SafeString  # the body's name and sources, the mandate and the members
    predecessors: SafeString
    history: SafeString
    meetings: list[MeetingLine]  # all the body's meetings, oldest first, each line drawn
    held_per_half_year: list[tuple[str, int]]


def council_sections(*, today: datetime.date) -> CouncilSections:
    """The sections for the council body and its newest mandate as they stand on `today`
    (terms end and evaluations fall due with the date)."""

    def build() -> CouncilSections:
        body, mandate = selectors.body_and_mandate()
        context = {
            "body": body,
            "mandate": mandate,
            "memberships": selectors.membership_rows(mandate=mandate, today=today)
            if mandate
            else [],
            "predecessors": selectors.predecessor_bodies(),
            "mandate_history": selectors.mandate_history(mandate=mandate) if mandate else [],
            "term_ended": bool(mandate and mandate.term_end and mandate.term_end < today),
            "evaluation_overdue": bool(
                mandate and mandate.evaluation_due and mandate.evaluation_due < today
            ),
        }
        return CouncilSections(
            body=body,
            mandate=mandate,
            head=render_to_string("kiraad/council.html#head", context),
            predecessors=render_to_string("kiraad/council.html#predecessors", context),
            history=render_to_string("kiraad/council.html#history", context),
            meetings=_lines(meeting_selectors.meetings_of_body(body=body)) if body else [],
            held_per_half_year=meeting_selectors.meetings_held_per_half_year(body=body)
            if body
            else [],
        )

    variant = f"{today}:{settings.TERM_WARNING_DAYS}"
    return page_cache_get_or_build(page_cache_key("council", SOURCES, variant), build)
