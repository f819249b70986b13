"""Meetings as iCalendar: the file behind the meeting's .ics link, the personal feeds and the
calendar file attached to the members' e-mails about a meeting (rendered when they are sent)."""

import datetime

import icalendar
from django.utils import timezone

from kiraad.meetings.models import Meeting

# The notification kinds whose e-mails carry the meeting's calendar file.
ICS_KINDS = frozenset({"agenda_published", "meeting_changed", "meeting_cancelled"})


def calendar(meetings: list[Meeting], name: str, *, method: str = "PUBLISH") -> bytes:
    """The meetings as iCalendar. A meeting keeps its UID for life and its SEQUENCE rises with
    every change members are told about, so calendars update the event instead of adding one;
    a cancelled meeting is STATUS:CANCELLED (and, alone, METHOD:CANCEL)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//KI-rådet//portal//NO")
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@ki-radet")
        event.add("sequence", meeting.sequence)
        event.add("summary", str(meeting))
        event.add("dtstamp", timezone.now())
        start = timezone.localtime(meeting.starts_at)
        if meeting.time_known:
            event.add("dtstart", start)
            event.add(
                "dtend",
                timezone.localtime(meeting.ends_at)
                if meeting.ends_at
                else start + datetime.timedelta(hours=2),
            )
        else:
            event.add("dtstart", start.date())
        if meeting.place or meeting.video_link:
            event.add("location", meeting.place or meeting.video_link)
        if meeting.video_link:
            event.add("url", meeting.video_link)
        cancelled = meeting.status == Meeting.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def meeting_calendar(meeting: Meeting) -> bytes:
    """One meeting's file: METHOD:CANCEL once it is cancelled, else PUBLISH."""
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "PUBLISH"
    return calendar([meeting], str(meeting), method=method)


def meeting_ics_attachment(*, kind: str, label: str, pk: int) -> list[tuple[str, bytes, str]]:
    """The meeting's current .ics for the e-mails about it (kiraad.registry.
    notification_attachments); nothing for other kinds or records, or a meeting since deleted."""
    if kind not in ICS_KINDS or label != "kiraad.meeting":
        return []
    meeting = Meeting.objects.select_related("body").filter(pk=pk).first()
    if meeting is None:
        return []
    return [(f"meeting-{meeting.pk}.ics", meeting_calendar(meeting), "text/calendar")]
