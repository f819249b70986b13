"""Meeting pages under /council/meetings/: parse → access → service/selector → render."""

from django.contrib import messages
from django.core.exceptions import EmptyResultSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiraad import access as core_access
from kiraad import selectors as core_selectors
from kiraad.http import AuthenticatedHttpRequest
from kiraad.idempotency import idempotent
from kiraad.meetings import access, selectors
from kiraad.meetings import cache as meeting_cache
from kiraad.meetings import services as svc
from kiraad.meetings.forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    AttendanceGridForm,
    DocumentForm,
    MeetingChangeForm,
    MeetingForm,
    MinutesForm,
    OutcomeForm,
)
from kiraad.meetings.linking import link_kinds, linked_records
from kiraad.meetings.models import AgendaItem, Meeting
from kiraad.services import ServiceError


def _freeze_choices(forms, items: list[AgendaItem]) -> None:
    """Evaluate the forms' model choices once for the whole page: a form shown under every
    agenda item must not re-query, the same list (the agencies) is read once for all the forms
    that offer it, and the agenda items are the ones the page has read already."""
    read: dict[tuple, list] = {}
    for form in forms:
        if form is None:  # a form the page does not show in the meeting's state
            continue
        for field in form.fields.values():
            if not hasattr(field, "queryset"):
                continue
            if field.queryset.model is AgendaItem:
                # The meeting's items in agenda order, as the selector reads them.
                choice = field.iterator(field).choice
                empty = [("", field.empty_label)] if field.empty_label is not None else []
                field.choices = empty + [choice(item) for item in items]
                continue
            try:
                key = (field.queryset.model, field.queryset.query.sql_with_params())
            except EmptyResultSet:
                key = (field.queryset.model, None)
            if key not in read:
                # iter(): no COUNT first, as list(field.choices) would do.
                read[key] = list(iter(field.choices))
            field.choices = read[key]


def _per_item(form_class, template, item_pk: int, name: str, **kwargs):
    """A form for one agenda item with ids of its own (labels must point at one field), reusing
    the template form's evaluated choices so the page's query count stays flat."""
    form = form_class(auto_id=f"{name}-{item_pk}-%s", **kwargs)
    for field_name, field in form.fields.items():
        if hasattr(field, "queryset"):
            field.choices = template.fields[field_name].choices
    return form


def _item_initial(item: AgendaItem) -> dict:
    return {
        "kind": item.kind,
        "title": item.title,
        "text": item.text,
        "presenter_agency": item.presenter_agency_id,
    }


def _detail_context(request, meeting: Meeting, *, invalid=None, **forms) -> dict:
    """`invalid` = (item pk, form name, bound form): shown under that item with its errors,
    so nothing the user typed is lost."""
    secretariat = core_access.is_secretariat(request.user)
    grid_wanted = (
        "grid_form" in forms and forms["grid_form"] is None and attendance_recordable(meeting)
    )
    # The same for everyone, so from the page cache while nothing it shows has changed.
    reads = meeting_cache.meeting_reads(meeting=meeting, with_grid=grid_wanted)
    detail = reads.detail
    if grid_wanted:
        forms["grid_form"] = AttendanceGridForm(rows=reads.grid, auto_id="grid-%s")
    _freeze_choices(forms.values(), detail.items)
    # The records each item concerns, every kind in one query (kiraad/meetings/linking.py).
    links = linked_records(detail.items, user=request.user)
    for item in detail.items:
        item.linked = links.get(item.pk, [])
    if "outcome_form" in forms and "action_form" in forms:
        body = meeting.body
        for item in detail.items:
            if invalid and invalid[0] == item.pk:
                # An item's forms are fetched when opened (item_form_page), save under the
                # item whose form came back with errors: its forms are drawn there, open.
                item.edit_form = _per_item(
                    AgendaItemForm,
                    forms["item_form"],
                    item.pk,
                    "edit",
                    body=body,
                    initial=_item_initial(item),
                )
                item.outcome_form = _per_item(
                    OutcomeForm, forms["outcome_form"], item.pk, "outcome", body=body
                )
                item.action_form = _per_item(ActionForm, forms["action_form"], item.pk, "action")
                setattr(item, invalid[1], invalid[2])
                item.show_forms = True
    return {
        "detail": detail,
        "meeting": meeting,
        "is_secretariat": secretariat,
        "minutes_visible": access.minutes_visible(request.user, meeting),
        "transitions": [
            (to, Meeting.Status(to).label)
            for to in sorted(svc.TRANSITIONS.get(meeting.status, ()))
            if to not in (Meeting.Status.MINUTES_APPROVED, Meeting.Status.CANCELLED)
        ]
        if secretariat
        else [],
        "can_cancel": secretariat and Meeting.Status.CANCELLED in svc.TRANSITIONS[meeting.status],
        "my_agency_id": request.user.agency_id,
        "is_rep": core_access.is_agency_representative(request.user),
        "quorum": selectors.quorum_of(mandate=reads.mandate, attendances=detail.attendances),
        # The language switch returns here, also from a page re-rendered by a POST.
        "page_url": meeting.get_absolute_url(),
        "link_kinds": link_kinds() if secretariat else [],
        **forms,
    }


def attendance_recordable(meeting: Meeting) -> bool:
    """Attendance is recorded once the meeting is held, until its minutes are approved."""
    return meeting.status == Meeting.Status.HELD


def _grid_form(meeting: Meeting, detail, data=None) -> AttendanceGridForm | None:
    if not attendance_recordable(meeting):
        return None
    rows = selectors.attendance_grid(meeting=meeting, attendances=detail.attendances)
    return AttendanceGridForm(data, rows=rows, auto_id="grid-%s")


def _secretariat_forms(meeting: Meeting) -> dict:
    return {
        "change_form": MeetingChangeForm.for_meeting(meeting, auto_id="change-%s"),
        "item_form": AgendaItemForm(body=meeting.body, auto_id="item-%s"),
        "document_form": DocumentForm(meeting=meeting, auto_id="document-%s"),
        "attendance_form": AttendanceForm(auto_id="attendance-%s"),
        # Filled in _detail_context from the detail it reads (only where it is shown).
        "grid_form": None,
        "minutes_form": MinutesForm(
            initial={"text": meeting.minutes},
            locked=meeting.minutes_locked,
            auto_id="minutes-%s",
        ),
        "outcome_form": OutcomeForm(body=meeting.body),
        "action_form": ActionForm(),
    }


def render_page(request, meeting: Meeting, *, invalid=None, **bound) -> HttpResponse:
    """The meeting page again, with the form that failed bound (its errors next to its fields,
    what was typed kept) and every other form as usual. 200, not 400: the page is whole, and
    htmx swaps only 2xx answers."""
    forms = {**_secretariat_forms(meeting), **bound}
    context = _detail_context(request, meeting, invalid=invalid, **forms)
    return render(request, "kiraad/meeting_detail.html", context)


def _invalid_item_form(request, meeting: Meeting, item, name: str, form) -> HttpResponse:
    return render_page(request, meeting, invalid=(item.pk, name, form))


def submit(request, meeting: Meeting, form, call, *, invalid=None, name: str) -> HttpResponse:
    """Run `call` with the valid form's data; a refusal (ServiceError) shows on the form, on
    the page, with what was typed."""
    if form.is_valid():
        try:
            call(form.to_data())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(meeting)
    if invalid is not None:
        return render_page(request, meeting, invalid=(invalid.pk, name, form))
    return render_page(request, meeting, **{name: form})


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk)
    forms = _secretariat_forms(meeting) if core_access.is_secretariat(request.user) else {}
    return render(request, "kiraad/meeting_detail.html", _detail_context(request, meeting, **forms))


@require_http_methods(["GET", "POST"])
@idempotent("kiraad-meeting-create")
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    core_access.require_secretariat(request.user)
    form = MeetingForm(request.POST or None, initial={"body": core_selectors.body_get()})
    if form.is_valid():
        data = form.to_data()
        meeting = svc.meeting_plan(**data.__dict__, by=request.user)
        return redirect(meeting)
    return render(request, "kiraad/meeting_create.html", {"form": form})


def _post_result(request, meeting: Meeting, call) -> HttpResponse:
    try:
        call()
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(meeting)


@require_POST
def meeting_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    to = request.POST.get("to", "")
    reason = request.POST.get("reason", "")
    return _post_result(
        request,
        meeting,
        lambda: svc.meeting_transition(meeting=meeting, to=to, reason=reason, by=request.user),
    )


@require_http_methods(["GET", "POST"])
@idempotent("kiraad-agenda-item-add")
def agenda_item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    if request.method == "GET":  # the form, fetched when «Add agenda item» is opened
        form = AgendaItemForm(body=meeting.body, auto_id="item-%s")
        return item_form_page(request, meeting, None, "add", form)
    form = AgendaItemForm(request.POST, body=meeting.body, auto_id="item-%s")
    return submit(
        request,
        meeting,
        form,
        lambda data: svc.agenda_item_add(meeting=meeting, **data, by=request.user),
        name="item_form",
    )


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = selectors.agenda_item_of(meeting=meeting, pk=item_pk)
    if item is None:
        raise Http404
    return item


def item_form_page(
    request, meeting: Meeting, item: AgendaItem | None, name: str, form
) -> HttpResponse:
    """A form of the meeting page that sits behind a «details» (an item's outcome, action or
    edit, a new item, the meeting's change) on its own. The meeting page offers these only as
    links, fetched into the page by htmx when the secretariat opens the details (the form's
    partial) or followed without JavaScript (this page): drawing them, under every item, was
    40 % of the page's time. After an error (a refusal from the service included) the form is
    drawn on the meeting page instead, bound."""
    context = {"meeting": meeting, "item": item, "form": form, "which": name}
    template = "kiraad/meeting_item_form.html"
    if request.htmx:
        return render(request, f"{template}#{name}", context)
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def agenda_item_outcome(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    item = _item(meeting, item_pk)
    if request.method == "GET":
        form = OutcomeForm(body=meeting.body, auto_id=f"outcome-{item.pk}-%s")
        return item_form_page(request, meeting, item, "outcome", form)
    form = OutcomeForm(request.POST, body=meeting.body, auto_id=f"outcome-{item.pk}-%s")
    return submit(
        request,
        meeting,
        form,
        lambda data: svc.agenda_item_record_outcome(item=item, **data, by=request.user),
        invalid=item,
        name="outcome_form",
    )


@require_POST
def agenda_item_approve_minutes(
    request: AuthenticatedHttpRequest, pk: int, item_pk: int
) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    item = _item(meeting, item_pk)
    return _post_result(
        request, meeting, lambda: svc.agenda_item_approve_minutes(item=item, by=request.user)
    )


@require_http_methods(["GET", "POST"])
@idempotent("kiraad-action-item-create")
def action_item_create(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    item = _item(meeting, item_pk)
    if request.method == "GET":
        form = ActionForm(auto_id=f"action-{item.pk}-%s")
        return item_form_page(request, meeting, item, "action", form)
    form = ActionForm(request.POST, auto_id=f"action-{item.pk}-%s")
    return submit(
        request,
        meeting,
        form,
        lambda data: svc.action_item_create(item=item, **data, by=request.user),
        invalid=item,
        name="action_form",
    )


@require_POST
def meeting_attendance_grid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every member agency's attendance in one submit."""
    meeting = access.access_meeting(request.user, pk, action="change")
    if not attendance_recordable(meeting):
        messages.error(request, _("Attendance is recorded once the meeting is held."))
        return redirect(meeting)
    form = _grid_form(meeting, selectors.meeting_detail(meeting=meeting), request.POST)
    return submit(
        request,
        meeting,
        form,
        lambda data: svc.attendance_set_many(meeting=meeting, entries=data, by=request.user),
        name="grid_form",
    )


@require_POST
def meeting_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an agency and its attendance."))
        return redirect(meeting)
    return _post_result(
        request,
        meeting,
        lambda: svc.attendance_set(meeting=meeting, **form.to_data(), by=request.user),
    )


@require_POST
def meeting_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    form = MinutesForm(request.POST, locked=meeting.minutes_locked, auto_id="minutes-%s")
    write = svc.meeting_correct_minutes if meeting.minutes_locked else svc.meeting_write_minutes
    return submit(
        request,
        meeting,
        form,
        lambda data: write(
            meeting=meeting, text=data["text"], reason=data["reason"], by=request.user
        ),
        name="minutes_form",
    )


@require_POST
def meeting_document_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    form = DocumentForm(request.POST, request.FILES, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect(meeting)
    data = form.to_data()
    return _post_result(
        request,
        meeting,
        lambda: svc.meeting_document_add(
            meeting=meeting,
            title=data["title"],
            file=data["file"],
            agenda_item=data["agenda_item"],
            by=request.user,
        ),
    )
