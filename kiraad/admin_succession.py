"""The admin's «Transfer to successor» for an agency: a preview of what moves, then the one
dissolution service (kiraad.services.agency_dissolve) in one transaction."""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kiraad.models import Agency, User
from kiraad.services import ServiceError, agency_dissolve
from kiraad.succession import agency_succession_preview, day


class SuccessionForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=gettext_lazy("Successor"), queryset=Agency.objects.current().order_by("name")
    )
    on = forms.DateField(
        label=gettext_lazy("Date of the transfer"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Memberships and responsibilities end the day before."),
    )
    change_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of change"), choices=Agency.ChangeKind.choices
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=gettext_lazy("Saved in the history of everything that moves."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        cast(forms.ModelChoiceField, self.fields["successor"]).queryset = (
            Agency.objects.current().exclude(pk=agency.pk).order_by("name")
        )

    def clean_successor(self) -> Agency:
        successor = self.cleaned_data["successor"]
        # The chain of successors must not come back here (Agency.clean says the same).
        probe = Agency(pk=self.agency.pk, successor=successor)
        try:
            probe.clean()
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["successor"]) from exc
        return successor


def succession_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str):
    """GET: the form. POST: the preview of what moves. POST with «confirm»: the transfer."""
    agency = model_admin.get_object(request, object_id)
    if agency is None:
        raise Http404
    if not model_admin.has_change_permission(request, agency):
        raise PermissionDenied
    change_url = reverse("admin:kiraad_agency_change", args=[agency.pk])
    if agency.dissolved_on is not None:
        messages.error(
            request,
            _("%(agency)s is already dissolved (%(date)s).")
            % {"agency": agency.name, "date": day(agency.dissolved_on)},
        )
        return HttpResponseRedirect(change_url)
    form = SuccessionForm(
        request.POST if request.method == "POST" else None,
        agency=agency,
        initial={"on": timezone.localdate(), "change_kind": Agency.ChangeKind.MERGER},
    )
    sections = None
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        data = form.cleaned_data
        if "confirm" in request.POST:
            try:
                report = agency_dissolve(
                    agency=agency,
                    successor=data["successor"],
                    on=data["on"],
                    change_kind=data["change_kind"],
                    by=request.user if isinstance(request.user, User) else None,
                    reason=data["reason"],
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                moved = ", ".join(
                    f"{name}: {count}" for name, count in report.moved_by_apps.items()
                )
                messages.success(
                    request,
                    _(
                        "%(agency)s was transferred to %(successor)s: %(users)s users, "
                        "%(actions)s follow-up actions, %(memberships)s memberships ended; "
                        "%(moved)s."
                    )
                    % {
                        "agency": agency.name,
                        "successor": data["successor"].name,
                        "users": report.users,
                        "actions": report.action_items,
                        "memberships": report.memberships_ended,
                        "moved": moved,
                    },
                )
                return HttpResponseRedirect(change_url)
        sections = agency_succession_preview(
            agency=agency, successor=data["successor"], on=data["on"]
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Transfer %(agency)s to a successor") % {"agency": agency.name},
        "agency": agency,
        "form": form,
        "sections": sections,
        "change_kind_label": Agency.ChangeKind(form.cleaned_data["change_kind"]).label
        if sections is not None
        else "",
        "change_url": change_url,
    }
    return render(request, "admin/kiraad/agency/succession.html", context)


@admin.action(description=gettext_lazy("Transfer to successor"))
def transfer_to_successor(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset
) -> HttpResponse | None:
    """List action: opens the transfer page of the one agency chosen."""
    if queryset.count() != 1:
        model_admin.message_user(
            request, _("Choose exactly one agency to transfer."), level=messages.WARNING
        )
        return None
    agency = queryset.get()
    return HttpResponseRedirect(reverse("admin:kiraad_agency_succession", args=[agency.pk]))
