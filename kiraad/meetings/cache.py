"""The meeting page's reads and the meeting PDFs, built once per change of what they show.

At ten times the real volume the meeting page spent about a third of its time in its seven
reads of the meeting (mostly Django compiling SQL for a handful of rows), and each PDF request
rendered the same document again (WeasyPrint, 50–80 ms of CPU for the usual one-page agenda).
Both are cached under the data versions of every table they are drawn from
(kiraad/page_cache.py; the triggers: kiraad/migrations/0003, 0013 and 0016), so any write, even
raw SQL, shows at once. What differs by person is not cached: the records linked to the items
(each person sees those they may see), the forms and the capability flags.
"""

import dataclasses
from collections.abc import Callable

from django.conf import settings
from django.db import models

from kiraad.meetings import selectors
from kiraad.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingDocument,
    MinutesVersion,
)
from kiraad.models import Agency, Body, Mandate, Membership, Representative, User
from kiraad.page_cache import page_cache_get_or_build, page_cache_key

# Every table the meeting's reads are drawn from; each has a data-version trigger (checked by
# tests/meetings/test_meeting_cache.py).
SOURCES: tuple[type[models.Model], ...] = (
    Meeting,
    AgendaItem,
    Attendance,
    ActionItem,
    MeetingDocument,
    MinutesVersion,
    Agency,
    Body,
    User,
    Mandate,
    Membership,
    Representative,
)


@dataclasses.dataclass(frozen=True)
class MeetingReads:
    """What the meeting page reads about the meeting itself, the same for everyone."""

    detail: selectors.MeetingDetail
    mandate: Mandate | None  # on the meeting's day, for its quorum
    grid: list[selectors.AttendanceRow] | None  # the attendance grid, when asked for


def meeting_reads(*, meeting: Meeting, with_grid: bool) -> MeetingReads:
    """The meeting's detail, its mandate and (`with_grid`) the attendance grid's rows, from the
    page cache when nothing they are drawn from has changed. `meeting` is the caller's own
    (read by access_meeting), so the page shows one meeting object throughout."""

    def build() -> MeetingReads:
        detail = selectors.meeting_detail(meeting=meeting)
        return MeetingReads(
            detail=detail,
            mandate=selectors.mandate_on(meeting=meeting),
            grid=selectors.attendance_grid(meeting=meeting, attendances=detail.attendances)
            if with_grid
            else None,
        )

    reads = page_cache_get_or_build(
        page_cache_key("meeting", SOURCES, f"{meeting.pk}:{int(with_grid)}"), build
    )
    return dataclasses.replace(reads, detail=dataclasses.replace(reads.detail, meeting=meeting))


def meeting_pdf(*, meeting: Meeting, variant: str, render: Callable[[], bytes]) -> bytes:
    """A PDF of `meeting` (`variant`: which document, which version), rendered once per change
    of the meeting's data and kept in the page cache; rendered every time without it."""
    key = page_cache_key("meeting-pdf", SOURCES, f"{meeting.pk}:{variant}:{settings.SITE_URL}")
    return page_cache_get_or_build(key, render)
