"""The guidance app's contributions to «Mine oppgaver». Registered in GuidanceConfig.ready()."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from guidance.access import DMP_CODE
from guidance.models import Assignment, GuidanceRequest
from kiraad import access
from kiraad.notifications.todo import Todo, capped, more


def _label(request: GuidanceRequest) -> str:
    return f"{request.reference} {request.title}".strip()


def guidance_tasks(user, *, today: datetime.date) -> list[Todo]:
    """The secretariat: new requests to triage, open requests past their deadline. A
    representative: requests to draft or sign off, the joint answer to write (lead), and for
    DMP the confirmation once every agency has signed off. Two queries per role at most."""
    category = _("Guidance requests")
    todos: list[Todo] = []
    queue = reverse("guidance:request-list")
    if access.is_secretariat(user):
        received, total = capped(
            GuidanceRequest.objects.filter(status=GuidanceRequest.Status.RECEIVED).order_by(
                "received_at", "pk"
            )
        )
        for request in received:
            todos.append(
                Todo(
                    title=_("Triage: %(request)s") % {"request": _label(request)},
                    url=request.get_absolute_url(),
                    category=category,
                    due=request.due_date,
                )
            )
        todos += more(
            total=total,
            shown=len(received),
            url=f"{queue}?status={GuidanceRequest.Status.RECEIVED}",
            category=category,
        )
        late, total = capped(
            GuidanceRequest.objects.filter(
                status__in=GuidanceRequest.OPEN_STATUSES, due_date__lt=today
            )
            .exclude(status=GuidanceRequest.Status.RECEIVED)
            .order_by("due_date", "pk")
        )
        for request in late:
            todos.append(
                Todo(
                    title=_("Past its deadline: %(request)s") % {"request": _label(request)},
                    url=request.get_absolute_url(),
                    category=category,
                    due=request.due_date,
                )
            )
        todos += more(total=total, shown=len(late), url=queue, category=category)
    if access.is_agency_representative(user):
        assignments, total = capped(
            Assignment.objects.select_related("request")
            .filter(
                agency_id=user.agency_id,
                signed_off_at__isnull=True,
                request__status__in=GuidanceRequest.OPEN_STATUSES,
            )
            .order_by("request__due_date", "pk")
        )
        for assignment in assignments:
            request = assignment.request
            lead = assignment.role == Assignment.Role.LEAD
            title = (
                _("Write the joint answer: %(request)s")
                if lead and not request.answer_text.strip()
                else _("Draft and sign off: %(request)s")
            )
            todos.append(
                Todo(
                    title=title % {"request": _label(request)},
                    url=request.get_absolute_url(),
                    category=category,
                    due=request.due_date,
                )
            )
        todos += more(total=total, shown=len(assignments), url=queue, category=category)
        if user.agency and user.agency.code == DMP_CODE:
            unsigned = Assignment.objects.filter(request=OuterRef("pk"), signed_off_at__isnull=True)
            for request in (
                GuidanceRequest.objects.filter(
                    status__in=GuidanceRequest.OPEN_STATUSES,
                    dmp_required=True,
                    dmp_confirmed_at__isnull=True,
                    assignments__agency_id=user.agency_id,
                )
                .exclude(answer_text="")
                .exclude(Exists(unsigned))
            ):
                todos.append(
                    Todo(
                        title=_("Confirm for DMP: %(request)s") % {"request": _label(request)},
                        url=request.get_absolute_url(),
                        category=category,
                        due=request.due_date,
                    )
                )
    return todos
