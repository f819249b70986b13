"""Pages of the measures app: parse → access → service or selector → render."""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kiraad.access import require_secretariat
from kiraad.csv_export import csv_response
from kiraad.history import history_entries
from kiraad.http import AuthenticatedHttpRequest
from kiraad.idempotency import idempotent
from kiraad.meetings.selectors import agenda_trace
from kiraad.services import ServiceError
from measures import reasons, selectors
from measures.access import (
    MANAGE,
    UPDATE,
    access_measure,
    access_milestone,
    access_plan,
    can_manage,
    can_post_update,
    updatable_measure_ids,
)
from measures.forms import (
    MeasureForm,
    MergeForm,
    MilestoneForm,
    OwnersForm,
    PlanForm,
    RoundForm,
    StatusUpdateForm,
)
from measures.services import (
    StaleUpdate,
    measure_merge,
    measure_post_status,
    measure_save,
    measure_set_owners,
    milestone_save,
    plan_save,
    reporting_round_save,
)
from measures.tables import (
    EXPORT_HEADER,
    LIST_COLUMNS,
    PAGE_SIZE,
    measure_export_rows,
    measure_listing,
)


@require_GET
def measure_list(request: HttpRequest) -> HttpResponse:
    listing = measure_listing(request.GET)
    page = Paginator(range(listing.count), PAGE_SIZE).page(listing.number)
    query = request.GET.copy()
    query.pop("page", None)
    current_sort = request.GET.get("sort") or "number"
    columns: list[dict[str, object]] = []
    title_label: object = ""  # the title cell's data-label (the other cells come with theirs)
    for key, label, sortable in LIST_COLUMNS:
        if key == "title":
            title_label = label
        if not sortable:
            columns.append({"label": label})
            continue
        link = query.copy()
        ascending = current_sort == key
        link["sort"] = f"-{key}" if ascending else key
        aria = "ascending" if ascending else "descending" if current_sort == f"-{key}" else ""
        columns.append({"label": label, "url": f"?{link.urlencode()}", "aria_sort": aria})
    updatable = updatable_measure_ids(request.user)
    context = {
        "columns": columns,
        "title_label": title_label,
        "filter_fields": listing.filter_fields,
        "page": page,
        "rows": listing.rows,
        "all_updatable": updatable is None,
        "updatable": updatable or set(),
        "can_manage": can_manage(request.user),
    }
    template = "measures/measure_list.html"
    if getattr(request, "htmx", False):
        template += "#table"
    return render(request, template, context)


@require_GET
def measure_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (same filters as the page, all rows)."""
    _filterset, measures = selectors.measure_list(params=request.GET)
    return csv_response(
        filename="tiltak.csv",
        header=EXPORT_HEADER,
        rows=measure_export_rows(measures),
        delimiter=";",
        byte_order_mark=True,
    )


@require_GET
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk, queryset=selectors.measure_detail_qs())
    context = {
        "measure": measure,
        "owners": list(measure.owners.all()),
        "trace": agenda_trace(measure.agenda_items.all(), user=request.user),
        "timeline": selectors.measure_timeline(measure=measure),
        "history": selectors.measure_history(measure=measure),
        "can_update": can_post_update(request.user, measure),
        "can_manage": can_manage(request.user),
    }
    return render(request, "measures/measure_detail.html", context)


@require_http_methods(["GET", "POST"])
@idempotent("measures-status-update")
def measure_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk, action=UPDATE)
    form = StatusUpdateForm(request.POST or None, measure=measure)
    conflict = None
    if form.is_valid():
        try:
            measure_post_status(
                measure=measure,
                author=request.user,
                based_on=form.cleaned_data["based_on"],
                data=form.to_data(),
            )
        except StaleUpdate as exc:
            conflict = exc.latest
            form.add_error(
                None,
                _(
                    "Someone else posted a status update while you were writing. "
                    "Their update is shown above; your text is kept. "
                    "Check it and save again to post yours."
                ),
            )
            # Saving again means «I have seen theirs»: base the next attempt on it.
            data = cast(QueryDict, form.data).copy()
            data["based_on"] = str(conflict.pk) if conflict else ""
            form.data = data
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The status update was saved."))
            return redirect(measure)
    return render(
        request,
        "measures/measure_update.html",
        {"measure": measure, "form": form, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
def measure_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = MeasureForm(request.POST or None, initial={"plan": request.GET.get("plan")})
    if form.is_valid():
        try:
            measure = measure_save(
                measure=None,
                plan=form.cleaned_data["plan"],
                data=form.to_data(),
                by=request.user,
                reason=reasons.MEASURE_CREATED(),
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The measure was created. Now set its owners."))
            return redirect("measures:measure-owners", pk=measure.pk)
    return render(request, "measures/measure_form.html", {"form": form, "measure": None})


@require_http_methods(["GET", "POST"])
def measure_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk, action=MANAGE)
    form = MeasureForm(
        request.POST or None, measure=measure, initial=MeasureForm.initial_for(measure)
    )
    if form.is_valid():
        measure_save(
            measure=measure,
            plan=form.cleaned_data["plan"],
            data=form.to_data(),
            by=request.user,
            reason=reasons.MEASURE_EDITED(),
        )
        messages.success(request, _("The measure was saved."))
        return redirect(measure)
    return render(request, "measures/measure_form.html", {"form": form, "measure": measure})


@require_http_methods(["GET", "POST"])
def measure_owners(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk, action=MANAGE)
    owners = selectors.measure_owners(measure=measure)
    lead = next((o.agency_id for o in owners if o.is_lead), None)
    form = OwnersForm(
        request.POST or None,
        initial={"lead": lead, "co_owners": [o.agency_id for o in owners if not o.is_lead]},
    )
    if form.is_valid():
        measure_set_owners(
            measure=measure,
            owners=form.to_data(),
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The owners were saved."))
        return redirect(measure)
    return render(
        request,
        "measures/measure_owners.html",
        {"form": form, "measure": measure, "owners": owners},
    )


@require_http_methods(["GET", "POST"])
def measure_merge_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk, action=MANAGE)
    form = MergeForm(request.POST or None, measure=measure)
    if form.is_valid():
        try:
            measure_merge(
                measure=measure,
                into=form.cleaned_data["into"],
                external=form.cleaned_data["external"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The measure was merged."))
            return redirect(measure)
    return render(request, "measures/measure_merge.html", {"form": form, "measure": measure})


@require_http_methods(["GET", "POST"])
def milestone_form(
    request: AuthenticatedHttpRequest, pk: int, milestone_pk: int | None = None
) -> HttpResponse:
    measure = access_measure(request.user, pk, action=MANAGE)
    milestone = access_milestone(measure, milestone_pk) if milestone_pk else None
    initial = (
        {
            "title": milestone.title,
            "kind": milestone.kind,
            "due_date": milestone.due_date,
            "indicative_deadline": milestone.indicative_deadline,
            "responsible": milestone.responsible,
            "done_on": milestone.done_on,
        }
        if milestone
        else None
    )
    form = MilestoneForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            milestone_save(
                measure=measure,
                milestone=milestone,
                data=form.to_data(),
                by=request.user,
                reason=reasons.MILESTONE_CHANGED() if milestone else reasons.MILESTONE_ADDED(),
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect(measure)
    return render(
        request,
        "measures/milestone_form.html",
        {"form": form, "measure": measure, "milestone": milestone},
    )


# --- plans -----------------------------------------------------------------------------------


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "measures/plan_list.html",
        {"plans": selectors.plan_list(), "can_manage": can_manage(request.user)},
    )


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk)
    plan = selectors.plan_get(pk=plan.pk)
    context = {
        "plan": plan,
        "measures": selectors.plan_measures(plan=plan),
        "history": history_entries(plan),
        "can_manage": can_manage(request.user),
    }
    return render(request, "measures/plan_detail.html", context)


def _plan_initial(plan) -> dict:
    return {
        "key": plan.key,
        "title": plan.title,
        "short_name": plan.short_name,
        "year": plan.year,
        "description": plan.description,
        "commissions": [c.pk for c in plan.commissions.all()],
    }


@require_http_methods(["GET", "POST"])
def plan_form(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    plan = access_plan(request.user, pk, action=MANAGE) if pk else None
    if plan is None:
        require_secretariat(request.user)
    form = PlanForm(request.POST or None, plan=plan, initial=_plan_initial(plan) if plan else None)
    if form.is_valid():
        plan = plan_save(
            plan=plan,
            data=form.to_data(),
            by=request.user,
            reason=reasons.PLAN_EDITED() if plan else reasons.PLAN_CREATED(),
        )
        messages.success(request, _("The plan was saved."))
        return redirect(plan)
    return render(request, "measures/plan_form.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
def round_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk, action=MANAGE)
    form = RoundForm(request.POST or None)
    if form.is_valid():
        try:
            reporting_round_save(
                plan=plan,
                reporting_round=None,
                data=form.to_data(),
                by=request.user,
                reason=reasons.ROUND_ADDED(),
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The reporting round was added."))
            return redirect(plan)
    return render(request, "measures/round_form.html", {"form": form, "plan": plan})
