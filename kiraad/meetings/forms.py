"""Forms for meetings; each returns plain data for a service through to_data()."""

import datetime
from dataclasses import dataclass
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiraad.form_fields import LONG_TEXT, FreeText
from kiraad.meetings.models import ActionItem, AgendaItem, Attendance
from kiraad.models import Agency, Body


@dataclass(frozen=True)
class MeetingData:
    body: Body
    number: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    place: str
    video_link: str


class MeetingForm(forms.Form):
    # Bodies that have ended get no new meetings (the list is narrowed to today's in __init__).
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.order_by("name"))
    number = forms.CharField(label=_("Number"), max_length=60, help_text=_("e.g. KI-rådet 2/2025"))
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = Body.objects.current(
            timezone.localdate()
        ).order_by("name")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("ends_at") and data.get("starts_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        if not data.get("place") and not data.get("video_link"):
            self.add_error(None, _("Give a place or a video link."))
        return data

    def to_data(self) -> MeetingData:
        d = self.cleaned_data
        return MeetingData(
            body=d["body"],
            number=d["number"],
            title=d["title"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            place=d["place"],
            video_link=d["video_link"],
        )


class MeetingChangeForm(forms.Form):
    """«Endre møtet»: a meeting's time and place before it is held."""

    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False)

    @classmethod
    def for_meeting(cls, meeting, **kwargs) -> "MeetingChangeForm":
        """Filled with the meeting as it stands, in local time (what datetime-local shows)."""
        local = "%Y-%m-%dT%H:%M"
        initial = {
            "starts_at": timezone.localtime(meeting.starts_at).strftime(local),
            "ends_at": timezone.localtime(meeting.ends_at).strftime(local)
            if meeting.ends_at
            else "",
            "place": meeting.place,
            "video_link": meeting.video_link,
        }
        return cls(initial=initial, **kwargs)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("ends_at") and data.get("starts_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        if not data.get("place", "").strip() and not data.get("video_link"):
            self.add_error("place", _("Give a place or a video link."))
        return data

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = FreeText(label=_("Text"), widget=forms.Textarea, required=False)
    presenter_agency = forms.ModelChoiceField(
        label=_("Presenter"), queryset=Agency.objects.current().order_by("name"), required=False
    )

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        if not body.decides:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                c for c in AgendaItem.Kind.choices if c[0] != AgendaItem.Kind.DECISION
            ]

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class DocumentForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            cast(
                forms.ModelChoiceField, self.fields["agenda_item"]
            ).queryset = meeting.agenda_items.order_by("order", "pk")

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class AttendanceForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.current().order_by("name")
    )
    status = forms.ChoiceField(label=_("Attendance"), choices=Attendance.Status.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class AttendanceGridForm(forms.Form):
    """Every member agency's attendance in one submit; a row left empty is not recorded."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [("", _("not recorded")), *Attendance.Status.choices]
        for row in rows:
            pk = row.agency.pk
            self.fields[f"status-{pk}"] = forms.ChoiceField(
                label=row.agency.name, choices=choices, required=False, initial=row.status
            )
            self.fields[f"note-{pk}"] = forms.CharField(
                label=_("Note"),
                max_length=300,
                required=False,
                initial=row.note,
                widget=forms.TextInput(
                    attrs={"aria-label": _("Note for %(agency)s") % {"agency": row.agency.name}}
                ),
            )

    def bound_rows(self) -> list[tuple]:
        """(row, status field, note field) for the template."""
        return [
            (row, self[f"status-{row.agency.pk}"], self[f"note-{row.agency.pk}"])
            for row in self.rows
        ]

    def clean(self):
        super().clean()
        for row in self.rows:
            pk = row.agency.pk
            if self.cleaned_data.get(f"note-{pk}") and not self.cleaned_data.get(f"status-{pk}"):
                self.add_error(f"status-{pk}", _("Choose the attendance the note is about."))
        return self.cleaned_data

    def to_data(self) -> list[tuple[Agency, str, str]]:
        d = self.cleaned_data
        return [
            (row.agency, d[f"status-{row.agency.pk}"], d[f"note-{row.agency.pk}"])
            for row in self.rows
            if d.get(f"status-{row.agency.pk}")
        ]


class OutcomeForm(forms.Form):
    outcome_kind = forms.ChoiceField(
        label=_("Outcome kind"), choices=AgendaItem.OutcomeKind.choices
    )
    outcome = FreeText(label=_("Outcome"), widget=forms.Textarea)
    raised_to_national_council = forms.BooleanField(
        label=_("Raised to the national e-health council model"), required=False
    )

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        # A body that only advises ends its items in advice or a conclusion, never a decision.
        if not body.decides:
            cast(forms.ChoiceField, self.fields["outcome_kind"]).choices = [
                c for c in AgendaItem.OutcomeKind.choices if c[0] != AgendaItem.OutcomeKind.DECISION
            ]

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class MinutesForm(forms.Form):
    text = FreeText(max_length=LONG_TEXT, label=_("Minutes"), widget=forms.Textarea)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300, required=False)

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("The minutes cannot be empty.")
        if locked:  # approved minutes change only by a correction, which says why
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("A correction needs a reason.")

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    owner_agency = forms.ModelChoiceField(
        label=_("Owner"), queryset=Agency.objects.current().order_by("name")
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    note = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)

    def to_data(self) -> dict:
        return dict(self.cleaned_data)
