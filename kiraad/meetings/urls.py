"""Meeting routes, included by kiraad/council_urls.py under /council/ in the `kiraad` namespace
(so the names stay `kiraad:meeting-detail` and so on)."""

from django.urls import path

from kiraad.meetings.views import actions, calendar, changes, files, links
from kiraad.meetings.views import pages as mv

urlpatterns = [
    path("meetings/new/", mv.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", mv.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/transition/", mv.meeting_transition, name="meeting-transition"),
    path("meetings/<int:pk>/items/", mv.agenda_item_add, name="agendaitem-add"),
    path("meetings/<int:pk>/change/", changes.meeting_change, name="meeting-change"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/move/",
        changes.agenda_item_move,
        name="agendaitem-move",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/edit/",
        changes.agenda_item_edit,
        name="agendaitem-edit",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/remove/",
        changes.agenda_item_remove,
        name="agendaitem-remove",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/outcome/",
        mv.agenda_item_outcome,
        name="agendaitem-outcome",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/approve-minutes/",
        mv.agenda_item_approve_minutes,
        name="agendaitem-approve-minutes",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/actions/",
        mv.action_item_create,
        name="actionitem-create",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/links/",
        links.agenda_item_links,
        name="agendaitem-links",
    ),
    path("actions/<int:pk>/", actions.action_item_detail, name="actionitem-detail"),
    path("actions/<int:pk>/status/", actions.action_item_status, name="actionitem-status"),
    path("meetings/<int:pk>/attendance/", mv.meeting_attendance, name="meeting-attendance"),
    path(
        "meetings/<int:pk>/attendance/all/",
        mv.meeting_attendance_grid,
        name="meeting-attendance-grid",
    ),
    path("meetings/<int:pk>/minutes/", mv.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/agenda.pdf", files.meeting_agenda_pdf, name="meeting-agenda-pdf"),
    path("meetings/<int:pk>/minutes.pdf", files.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("meetings/<int:pk>/documents/", mv.meeting_document_add, name="meeting-document-add"),
    path("documents/<int:pk>/", files.meeting_document_download, name="meeting-document-download"),
    path("meetings/<int:pk>/meeting.ics", calendar.meeting_ics, name="meeting-ics"),
    path("calendar/", calendar.calendar_tokens, name="calendar-tokens"),
    path("calendar/<int:pk>/revoke/", calendar.calendar_token_revoke, name="calendar-token-revoke"),
    path("calendar/<str:token>/<slug:body_key>.ics", calendar.calendar_feed, name="calendar-feed"),
]
