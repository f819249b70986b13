"""The council page's slow-changing parts, rendered once and shared through the page cache.

The mandate, the members with their representatives, the earlier bodies and the mandate's
history change a few times a year, yet drawing them took most of the page's ~90 ms of CPU at
ten times the real volume (four reads with prefetches and some 2,000 template lookups). They
are rendered here from the partials of kiraad/council.html and cached under the data versions
of every table they are drawn from (kiraad/page_cache.py), so any write, even raw SQL, shows at
once. The meetings (which move from «upcoming» to «past» as time passes, and differ for the
secretariat) are drawn on every request.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from kiraad import selectors
from kiraad.models import Agency, Body, Mandate, Membership, Representative, Source, User
from kiraad.page_cache import page_cache_get_or_build, page_cache_key

# Every table the sections are drawn from; each has a data-version trigger (kiraad/migrations/
# 0003 and 0013), checked by tests/kiraad/test_council_cache.py.
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
)


@dataclass(frozen=True, slots=True)
class CouncilSections:
    head: SafeString  # the body's name and sources, the mandate and the members
    predecessors: SafeString
    history: SafeString


def council_sections(
    *, body: Body | None, mandate: Mandate | None, today: datetime.date
) -> CouncilSections:
    """The sections for `body` and its newest `mandate` as they stand on `today` (terms end
    and evaluations fall due with the date)."""

    def build() -> CouncilSections:
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
            head=render_to_string("kiraad/council.html#head", context),
            predecessors=render_to_string("kiraad/council.html#predecessors", context),
            history=render_to_string("kiraad/council.html#history", context),
        )

    variant = ":".join(
        str(part or "")
        for part in (body and body.pk, mandate and mandate.pk, today, settings.TERM_WARNING_DAYS)
    )
    return page_cache_get_or_build(page_cache_key("council", SOURCES, variant), build)
