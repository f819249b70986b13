"""The guidance app's contributions to «Mine oppgaver». Registered in GuidanceConfig.ready()."""

import datetime
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from guidance.access import DMP_CODE
from guidance.models import Assignment, GuidanceRequest
from kiraad import access
from kiraad.content_lang import interpolate
from kiraad.notifications.todo import TaskKind, Todo


def _label(request: GuidanceRequest) -> str:
    return f"{request.reference} {request.title}".strip()


# What a line needs of a request: its label, link and deadline (not the requester's text).
LINE_FIELDS = ("id", "reference", "title", "due_date")


def guidance_tasks(user, *, today: datetime.date) -> list[TaskKind]:
    """The secretariat: new requests to triage, open requests past their deadline. A
    representative: requests to draft or sign off, the joint answer to write (lead), and for
    DMP the confirmation once every agency has signed off. One query each when read."""
    category = _("Guidance requests")
    kinds: list[TaskKind] = []
    queue = reverse("guidance:request-list")

    def line(title: str) -> Callable[[GuidanceRequest], Todo]:
        return lambda request: Todo(
            title=interpolate(title, request=_label(request)),
            url=request.get_absolute_url(),
            category=category,
            due=request.due_date,
        )

    if access.is_secretariat(user):
        kinds.append(
            TaskKind(
                rows=GuidanceRequest.objects.filter(status=GuidanceRequest.Status.RECEIVED)
                .only(*LINE_FIELDS)
                .order_by("received_at", "pk"),
                todo=line(_("Triage: %(request)s")),
                category=category,
                more_url=f"{queue}?status={GuidanceRequest.Status.RECEIVED}",
            )
        )
        kinds.append(
            TaskKind(
                rows=GuidanceRequest.objects.filter(
                    status__in=GuidanceRequest.OPEN_STATUSES, due_date__lt=today
                )
                .exclude(status=GuidanceRequest.Status.RECEIVED)
                .only(*LINE_FIELDS)
                .order_by("due_date", "pk"),
                todo=line(_("Past its deadline: %(request)s")),
                category=category,
                more_url=queue,
            )
        )
    if access.is_agency_representative(user):
        write = _("Write the joint answer: %(request)s")
        draft = _("Draft and sign off: %(request)s")

        def assignment_todo(assignment: Assignment) -> Todo:
            request = assignment.request
            lead = assignment.role == Assignment.Role.LEAD
            title = write if lead and not assignment.has_answer else draft  # type: ignore[attr-defined]
            return Todo(
                title=interpolate(title, request=_label(request)),
                url=request.get_absolute_url(),
                category=category,
                due=request.due_date,
            )

        kinds.append(
            TaskKind(
                rows=Assignment.objects.select_related("request")
                .filter(
                    agency_id=user.agency_id,
                    signed_off_at__isnull=True,
                    request__status__in=GuidanceRequest.OPEN_STATUSES,
                )
                # Whether the joint answer has text, not the text (it may be long).
                .annotate(has_answer=~Q(request__answer_text__regex=r"^\s*$"))
                .only("pk", "role", "request", *(f"request__{f}" for f in LINE_FIELDS))
                .order_by("request__due_date", "pk"),
                todo=assignment_todo,
                category=category,
                more_url=queue,
            )
        )
        if user.agency and user.agency.code == DMP_CODE:
            unsigned = Assignment.objects.filter(request=OuterRef("pk"), signed_off_at__isnull=True)
            kinds.append(
                TaskKind(
                    rows=GuidanceRequest.objects.filter(
                        status__in=GuidanceRequest.OPEN_STATUSES,
                        dmp_required=True,
                        dmp_confirmed_at__isnull=True,
                        assignments__agency_id=user.agency_id,
                    )
                    .exclude(answer_text="")
                    .exclude(Exists(unsigned))
                    .only(*LINE_FIELDS)
                    .order_by("due_date", "pk"),
                    todo=line(_("Confirm for DMP: %(request)s")),
                    category=category,
                )
            )
    return kinds
