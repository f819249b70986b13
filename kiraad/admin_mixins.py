"""Admin base class: every change made in /admin/ records who made it and why."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from kiraad.history import mark_change, reason_html

REASON_FIELD = "change_reason"


class NamedRelationsContextHelper(HistoricalRecordContextHelper):
    """Shows an empty foreign key as «–» and a deleted one by its last recorded name.

    simple-history turns both into «Deleted agency (pk=None)» / «(pk=7)» otherwise.
    """

    def prepare_delta_change_value(self, change, value):
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return "–"
            return _last_known_name(value.model, value.pk)
        return super().prepare_delta_change_value(change, value)


def _last_known_name(model, pk) -> str:
    current = model._default_manager.filter(pk=pk).first()
    if current is not None:
        return str(current)
    history = getattr(model, "history", None)
    if history is not None:
        record = history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date").first()
        if record is not None:
            return str(record.instance)
    return str(_("deleted %(name)s") % {"name": model._meta.verbose_name})


class NormalisedLineEndingsForm(forms.BaseForm):
    """Browsers send a textarea's lines ending in CRLF; the database keeps LF. Without this
    an unchanged text would be saved, and shown in the history, as a change."""

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r" in value:
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


class LabelledFileWidget(AdminFileWidget):
    """Django draws a file field as a fieldset whose legend names it, which leaves the file input
    itself without a label (axe: label, issue 21); a <label for> names it."""

    use_fieldset = False


class ReasonedHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin that asks for a change reason and stores it with the history row.

    Reverting to an old version is switched off (SIMPLE_HISTORY_REVERT_DISABLED): a revert
    could bring back personal data that was anonymised.
    """

    formfield_overrides: "Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]" = {
        models.FileField: {"widget": LabelledFileWidget}
    }

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The reason is a declared form field, not a model field: keep it out of `fields`.
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != REASON_FIELD]
        reason = forms.CharField(
            label=_("Reason for the change"),
            help_text=_("Saved in the record's history with your name and the time."),
            max_length=500,
            widget=forms.TextInput(attrs={"size": 60}),
        )
        base: type[forms.ModelForm] = kwargs.get("form") or self.form
        kwargs["form"] = type(
            base.__name__, (NormalisedLineEndingsForm, base), {REASON_FIELD: reason}
        )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        # Without declared fieldsets Django lists every form field, the reason included:
        # take it out so it appears once, last, under «History».
        fieldsets = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != REASON_FIELD]})
            for name, opts in super().get_fieldsets(request, obj)
        ]
        return [*fieldsets, (_("History"), {"fields": [REASON_FIELD]})]

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple-history calls select_related() with no names for a model without tracked
        # foreign keys, which Django deprecates (the history page of a source, a plan or an
        # escalation level answered 500 in the tests, where warnings are errors).
        queryset = history_manager.filter(**{pk_name: object_id})
        related = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        if not isinstance(history_manager.model.history_user, property):
            related.append("history_user")
        return queryset.select_related(*related) if related else queryset

    def get_historical_record_context_helper(self, request, historical_record):
        return NamedRelationsContextHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # SIMPLE_HISTORY_REVERT_DISABLED only hides the button; a POST would still revert.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, *args, **kwargs):
        # The history list shows each row's reason; system reasons are stored in English and
        # shown in the reader's language, with the data they quote marked with its language
        # (issue 21). The rows are only displayed, never saved again.
        super().set_history_delta_changes(request, historical_records, *args, **kwargs)
        for record in historical_records:
            record.history_change_reason = reason_html(record.history_change_reason)

    def save_model(self, request, obj, form, change):
        mark_change(obj, reason=form.cleaned_data.get(REASON_FIELD, ""))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get(REASON_FIELD, "")
        instances = formset.save(commit=False)
        for instance in instances:
            mark_change(instance, reason=reason)
            instance.save()
        for instance in formset.deleted_objects:
            mark_change(instance, reason=reason)
            instance.delete()
        formset.save_m2m()
