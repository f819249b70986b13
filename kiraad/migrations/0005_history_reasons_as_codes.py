"""History reasons become a code and its values (kiraad.history), for rows already stored.

Until now system reasons were stored as English sentences and matched back by patterns when
shown. This rewrites every history row of every app once: a known sentence becomes its code,
anything else (what a person typed) becomes {"text": …}. The table below is a frozen copy of the
sentences the code wrote before this migration; it is never extended.
"""

import json
import re

from django.db import migrations

PLAIN = {
    "seed data (load_seed_data)": "kiraad.seed_data",
    "seed data (plans.json)": "kiraad.seed_data",
    "demo data (load_demo_data)": "kiraad.demo_data",
    "demo data": "kiraad.demo_data",
    "Meeting planned": "meetings.planned",
    "Minutes approval item added automatically": "meetings.approval_item_added",
    "Agenda item added": "meetings.agenda_item_added",
    "Agenda reordered": "meetings.agenda_reordered",
    "Document attached": "meetings.document_attached",
    "Status set to planned": "meetings.status_planned",
    "Status set to agenda_published": "meetings.status_agenda_published",
    "Status set to held": "meetings.status_held",
    "Status set to cancelled": "meetings.status_cancelled",
    "Attendance recorded": "meetings.attendance_recorded",
    "Outcome recorded": "meetings.outcome_recorded",
    "Minutes approved": "meetings.minutes_approved",
    "Minutes written": "meetings.minutes_written",
    "Follow-up action created": "meetings.action_created",
    "Status updated": "meetings.action_status_updated",
    "Calendar token created": "meetings.calendar_token_created",
    "Calendar token revoked": "meetings.calendar_token_revoked",
    "Status report ordered": "reports.ordered",
    "Rendering failed": "reports.failed",
    "Rendered": "reports.rendered",
    "Retry ordered": "reports.retry_ordered",
    "Measure created": "measures.measure_created",
    "Measure edited": "measures.measure_edited",
    "Milestone added": "measures.milestone_added",
    "Milestone changed": "measures.milestone_changed",
    "Plan created": "measures.plan_created",
    "Plan edited": "measures.plan_edited",
    "Reporting round added": "measures.round_added",
    "status update": "measures.status_update",
    "received through the public form": "guidance.received",
    "follow-up from the tracking page": "guidance.follow_up",
    "triage: accept": "guidance.triage_accept",
    "triage: reject": "guidance.triage_reject",
    "triage: refer": "guidance.triage_refer",
    "triage: decline": "guidance.triage_decline",
    "regulatory areas set": "guidance.areas_set",
    "agencies assigned": "guidance.agencies_assigned",
    "due date set": "guidance.due_date_set",
    "internal note": "guidance.internal_note",
    "work started": "guidance.work_started",
    "draft saved": "guidance.draft_saved",
    "signed off": "guidance.signed_off",
    "joint answer written": "guidance.joint_answer_written",
    "answer changed; sign-off voided": "guidance.sign_off_voided",
    "DMP confirmed no conflict with its supervisory role": "guidance.dmp_confirmed",
    "answer sent": "guidance.answer_sent",
    "closed": "guidance.closed",
    "guidance meeting saved": "guidance.meeting_saved",
    "gap recorded": "guidance.gap_recorded",
    "article saved": "guidance.article_saved",
    "published": "guidance.published",
    "retention period ended": "guidance.retention_ended",
    "draft created": "network.draft_created",
    "raised": "network.raised",
    "edited": "network.edited",
    "joint assessment": "network.joint_assessment",
    "escalation from the network put on the agenda": "network.agenda_item_from_escalation",
    "put on the agenda": "network.put_on_agenda",
    "council response recorded": "network.council_response",
    "sent back to the network": "network.sent_back",
    "reported to the register": "network.reported",
    "register entry updated": "network.register_updated",
    "experience reported": "network.experience_reported",
}
TEMPLATES = [
    (re.compile(r"Minutes approved at (?P<meeting>.+)", re.S), "meetings.minutes_approved_at"),
    (re.compile(r"Rendering, attempt (?P<attempt>.+)", re.S), "reports.rendering"),
    (
        re.compile(r"seed: (?P<agency>.+?) dissolved into (?P<successor>.+)", re.S),
        "measures.agency_succeeded",
    ),
    (
        re.compile(r"guidance meeting offered for (?P<reference>.+)", re.S),
        "guidance.meeting_offered",
    ),
    (re.compile(r"unpublished: (?P<reason>.+)", re.S), "guidance.unpublished"),
    (re.compile(r"anonymised: (?P<reason>.+)", re.S), "guidance.anonymised"),
    (re.compile(r"priority overridden: (?P<reason>.+)", re.S), "network.priority_overridden"),
    (re.compile(r"override removed: (?P<reason>.+)", re.S), "network.override_removed"),
    (re.compile(r"closed: (?P<reason>.+)", re.S), "network.closed"),
]


def encode(reason: str | None) -> str | None:
    if reason is None:
        return None
    try:
        if isinstance(json.loads(reason), dict):
            return reason  # already coded
    except ValueError:
        pass
    return json.dumps(_coded(reason), ensure_ascii=False, sort_keys=True)


def _coded(reason: str) -> dict:
    if reason in PLAIN:
        return {"code": PLAIN[reason], "params": {}}
    for pattern, code in TEMPLATES:
        match = pattern.fullmatch(reason)
        if match:
            params = {
                name: ({"code": PLAIN[value], "params": {}} if value in PLAIN else value)
                for name, value in match.groupdict().items()
            }
            return {"code": code, "params": params}
    return {"text": reason}


def forwards(apps, schema_editor):
    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        if "history_change_reason" not in {f.name for f in model._meta.get_fields()}:
            continue
        rows = model.objects.exclude(history_change_reason=None).exclude(history_change_reason="")
        changed = []
        for row in rows.only("pk", "history_change_reason").iterator(chunk_size=2000):
            coded = encode(row.history_change_reason)
            if coded != row.history_change_reason:
                row.history_change_reason = coded
                changed.append(row)
        model.objects.bulk_update(changed, ["history_change_reason"], batch_size=2000)
    # A minutes version's reason is what a person typed; the system's default is shown by the
    # page, not stored.
    minutes_version = apps.get_model("kiraad", "MinutesVersion")
    minutes_version.objects.filter(reason="Minutes written").update(reason="")


class Migration(migrations.Migration):
    dependencies = [
        ("kiraad", "0004_data_version_bump_in_one_order"),
        ("measures", "0002_data_version_triggers"),
        ("guidance", "0001_initial"),
        ("network", "0001_initial_network_escalations_register"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
