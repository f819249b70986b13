"""Approval of minutes is always on the right meeting (issue 16, defect 1 and 2)."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiraad.meetings import services as svc
from kiraad.models import AgendaItem, Meeting
from kiraad.services import ServiceError
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db
S = Meeting.Status


def plan(body, days, number):
    return svc.meeting_plan(
        body=body,
        number=number,
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place="Oslo",
        by=None,
    )


def hold(meeting):
    meeting.refresh_from_db()
    if meeting.status == S.PLANNED:
        svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    svc.meeting_transition(meeting=meeting, to=S.HELD, by=None)


def approvals(meeting) -> list[str]:
    return sorted(
        meeting.agenda_items.filter(approves_minutes_of__isnull=False).values_list(
            "approves_minutes_of__number", flat=True
        )
    )


def test_defect_1_planning_before_holding_puts_the_approval_on_the_right_meeting():
    body = BodyFactory(key="ki-radet")
    first = plan(body, -30, "1/2027")
    second = plan(body, -20, "2/2027")
    hold(first)
    third = plan(body, -10, "3/2027")  # planned before 2/2027 is held
    assert approvals(second) == ["1/2027"]
    assert approvals(third) == []
    hold(second)
    assert approvals(third) == ["2/2027"]
    assert third.agenda_items.get().title == "Godkjenning av referat fra møte 2/2027"
    # 1/2027 is approved at 2/2027 (held), where its item stays; nowhere else.
    assert AgendaItem.objects.filter(approves_minutes_of=first).count() == 1


def test_moving_and_cancelling_move_the_approval():
    body = BodyFactory(key="ki-radet")
    first = plan(body, -30, "1/2027")
    hold(first)
    second = plan(body, -20, "2/2027")
    third = plan(body, -10, "3/2027")
    assert (approvals(second), approvals(third)) == (["1/2027"], [])
    svc.meeting_transition(meeting=second, to=S.CANCELLED, reason="Avlyst", by=None)
    assert approvals(third) == ["1/2027"]
    assert approvals(Meeting.objects.get(pk=second.pk)) == []
    fourth = plan(body, -15, "4/2027")
    assert (approvals(fourth), approvals(third)) == (["1/2027"], [])
    svc.meeting_change(
        meeting=fourth,
        starts_at=timezone.now() - datetime.timedelta(days=5),
        ends_at=None,
        place="Bergen",
        by=None,
    )
    assert (approvals(third), approvals(fourth)) == (["1/2027"], [])


def test_minutes_are_approved_only_at_a_held_meeting_and_the_approval_is_recorded(cast):
    body = BodyFactory(key="ki-radet")
    first = plan(body, -30, "1/2027")
    hold(first)
    svc.meeting_write_minutes(meeting=first, text="Referat", by=None)
    second = plan(body, -2, "2/2027")
    item = second.agenda_items.get()
    svc.meeting_transition(meeting=second, to=S.AGENDA_PUBLISHED, by=None)
    with pytest.raises(ServiceError, match="holdt"):
        svc.agenda_item_approve_minutes(item=item, by=cast["secretariat"])
    first.refresh_from_db()
    assert first.status == S.HELD
    hold(second)
    svc.agenda_item_approve_minutes(item=item, by=cast["secretariat"])
    first.refresh_from_db()
    version = first.minutes_versions.get()
    assert (first.status, first.minutes_approved_by, first.minutes_approved_at_meeting) == (
        S.MINUTES_APPROVED,
        cast["secretariat"],
        second,
    )
    assert (version.approved_by, version.approved_at_meeting) == (cast["secretariat"], second)
    assert version.approved_at is not None


# --- property: any order of planning, moving, cancelling and holding ------------------------

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["plan", "move", "cancel", "hold"]),
        st.integers(min_value=0, max_value=9),  # which meeting
        st.integers(min_value=1, max_value=60),  # a day offset into the past
    ),
    min_size=1,
    max_size=14,
)


def expected_placement(body) -> dict[int, int | None]:
    """The rule, stated plainly: each held meeting's approval sits on the first meeting after
    it that is not yet held; if a meeting after it is held already, the approval sits on the
    first of those (it can be approved there)."""
    meetings = list(Meeting.objects.filter(body=body).order_by("starts_at", "pk"))
    placement = {}
    for earlier in meetings:
        if earlier.status != S.HELD:
            continue
        later = [
            m
            for m in meetings
            if (m.starts_at, m.pk) > (earlier.starts_at, earlier.pk) and m.status != S.CANCELLED
        ]
        held_before = [
            i.meeting_id
            for i in AgendaItem.objects.filter(approves_minutes_of=earlier, meeting__status=S.HELD)
        ]
        if held_before:
            placement[earlier.pk] = held_before[0]
            continue
        target = next((m for m in later if m.status in Meeting.OPEN_STATUSES), None)
        placement[earlier.pk] = target.pk if target else None
    return placement


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_approval_items_are_where_the_rule_says_in_any_order(operations):
    with transaction.atomic():
        body = BodyFactory(key="ki-radet")
        made: list[Meeting] = []
        for op, which, day in operations:
            if op == "plan" or not made:
                made.append(plan(body, -day, f"{len(made) + 1}/2027"))
                continue
            meeting = Meeting.objects.get(pk=made[which % len(made)].pk)
            try:
                if op == "move":
                    svc.meeting_change(
                        meeting=meeting,
                        starts_at=timezone.now() - datetime.timedelta(days=day, hours=which),
                        ends_at=None,
                        place="Oslo",
                        by=None,
                    )
                elif op == "cancel":
                    svc.meeting_transition(meeting=meeting, to=S.CANCELLED, reason="x", by=None)
                else:
                    hold(meeting)
            except ServiceError:
                pass  # a refused move (a held meeting cannot be moved or cancelled)
            expected = expected_placement(body)
            for earlier_pk, target_pk in expected.items():
                where = list(
                    AgendaItem.objects.filter(approves_minutes_of_id=earlier_pk)
                    .exclude(meeting__status=S.HELD)
                    .values_list("meeting_id", flat=True)
                )
                on_held = list(
                    AgendaItem.objects.filter(
                        approves_minutes_of_id=earlier_pk, meeting__status=S.HELD
                    ).values_list("meeting_id", flat=True)
                )
                if on_held:
                    assert where == [], (earlier_pk, where, on_held)
                else:
                    assert where == ([target_pk] if target_pk else []), (earlier_pk, where)
            # Nothing points at minutes that are not waiting, and no item sits on a cancelled
            # or stale meeting.
            stale = AgendaItem.objects.filter(
                approves_minutes_of__isnull=False, meeting__status__in=Meeting.OPEN_STATUSES
            ).exclude(approves_minutes_of__status=S.HELD)
            assert not stale.exists()
            assert not AgendaItem.objects.filter(
                approves_minutes_of__isnull=False, meeting__status=S.CANCELLED
            ).exists()
        transaction.set_rollback(True)
