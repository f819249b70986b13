"""The network's chapter of the HOD status report, read from history as of its date."""

import datetime
from collections import Counter

from django.utils.translation import gettext as _

from kiraad.reports.sections import ReportSection
from network.models import AIDeployment, Escalation, EscalationCategory


def network_section(
    *, as_of: datetime.datetime, period_start: datetime.date, period_end: datetime.date
) -> ReportSection:
    """Escalations and their status, and the number of AI systems in the register, as of
    `as_of` (django-simple-history), so a rebuilt report says the same thing."""
    escalations = sorted(
        Escalation.history.as_of(as_of), key=lambda e: (e.priority, e.raised_at or as_of, e.pk)
    )
    categories = dict(EscalationCategory.objects.values_list("pk", "name"))
    status_labels = dict(Escalation.Status.choices)
    counts = Counter(e.status for e in escalations)
    rows = [
        {
            "title": e.title,
            "category": categories.get(e.category_id, ""),
            "priority": e.priority,
            "status": status_labels.get(e.status, e.status),
            "normative": e.answer_normative,
            "answered": bool(e.council_response),
            "raised_in_period": bool(
                e.raised_at and period_start <= e.raised_at.date() <= period_end
            ),
        }
        for e in escalations
        if e.status != Escalation.Status.DRAFT
    ]
    deployments = list(AIDeployment.history.as_of(as_of))
    phase_labels = dict(AIDeployment.Phase.choices)
    phases = Counter(d.phase for d in deployments)
    return ReportSection(
        key="network",
        title=_("The competence network and AI in patient care"),
        template="network/report_section.html",
        context={
            "escalations": rows,
            "status_counts": [
                (label, counts.get(value, 0))
                for value, label in status_labels.items()
                if value != Escalation.Status.DRAFT
            ],
            "deployment_count": len(deployments),
            "phase_counts": [(phase_labels[p], phases.get(p, 0)) for p in phase_labels],
        },
        order=60,
        found=bool(deployments or rows),
    )
