"""What the public form's POST costs (issue 15), and that what was made cheaper still holds:
the request's check constraints evaluated in Python give the database's answer and the same
errors, the constraints are still in the database, the reference counter never hands a
number out twice, and the POST's statements are pinned."""

import datetime
import itertools
import re

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation

from guidance.models import GuidanceRequest
from kiraad.idempotency import keys_prune, new_key
from kiraad.models import IdempotencyKey
from kiraad.services import ServiceError, save_with_reason
from kiraad.validation import Undecided, check_in_python, full_clean
from tests.guidance.conftest import submit
from tests.guidance.test_rate_limit import valid

pytestmark = pytest.mark.django_db

NAMES = {
    "guidance_request_needs_consent": "The request needs the requester's consent.",
    "guidance_request_referral_names_where": "Say where the request was referred.",
    "guidance_request_refusal_has_reason": "Give a reason for turning the request away.",
}


def new_request(**values) -> GuidanceRequest:
    fields = {
        "reference": "VL-2099-0001",
        "kind": GuidanceRequest.Kind.QUESTION,
        "requester_name": "Sentinel Navnesen",
        "requester_email": "sentinel@example.org",
        "organisation": "Sentinel HF",
        "org_kind": GuidanceRequest.OrgKind.HEALTH_TRUST,
        "title": "Er modellen medisinsk utstyr?",
        "question": "Vi utvikler en modell.",
        "phase": "development",
        "consent": True,
        "received_at": timezone.now(),
    }
    return GuidanceRequest(**(fields | values))


def test_python_and_the_database_agree_on_every_check_of_a_request():
    checks = [c for c in GuidanceRequest._meta.constraints if c.name in NAMES]
    assert len(checks) == 3
    statuses = [choice for choice, _label in GuidanceRequest.Status.choices]
    for status, consent, referred_to, reason in itertools.product(
        statuses, (True, False), ("", "Datatilsynet"), ("", "Utenfor mandatet")
    ):
        obj = new_request(
            status=status, consent=consent, referred_to=referred_to, status_reason=reason
        )
        against = obj._get_field_expression_map(meta=GuidanceRequest._meta)
        for check in checks:
            in_python = check_in_python(Q(check.condition), against) is not False
            assert in_python == Q(check.condition).check(against), (check.name, status)


@translation.override("en")
def test_each_broken_check_is_a_clear_error_without_a_query(django_assert_num_queries):
    cases = {
        "guidance_request_needs_consent": {"consent": False},
        "guidance_request_referral_names_where": {"status": "referred_elsewhere"},
        "guidance_request_refusal_has_reason": {"status": "declined"},
    }
    for name, values in cases.items():
        obj = new_request(**values)
        with django_assert_num_queries(0), pytest.raises(ValidationError) as raised:
            full_clean(obj, validate_unique=False)
        assert raised.value.message_dict == {NON_FIELD_ERRORS: [NAMES[name]]}
        # Django's own validation says the same (with a query per check).
        with pytest.raises(ValidationError) as django_says:
            obj.full_clean()
        assert django_says.value.message_dict == raised.value.message_dict
    with django_assert_num_queries(0):
        full_clean(new_request(), validate_unique=False)


@translation.override("en")
def test_field_errors_and_broken_checks_are_reported_together():
    obj = new_request(consent=False, status="rejected", requester_email="not an address")
    with pytest.raises(ValidationError) as raised:
        full_clean(obj, validate_unique=False)
    errors = raised.value.message_dict
    assert set(errors) == {"requester_email", NON_FIELD_ERRORS}
    assert sorted(errors[NON_FIELD_ERRORS]) == sorted(
        [NAMES["guidance_request_needs_consent"], NAMES["guidance_request_refusal_has_reason"]]
    )


def test_what_python_cannot_evaluate_goes_to_the_database():
    against = new_request()._get_field_expression_map(meta=GuidanceRequest._meta)
    for condition in (Q(title__startswith="Er"), Q(title__gt="A")):
        with pytest.raises(Undecided):
            check_in_python(condition, against)
    # An unknown value (NULL) is neither true nor false, as in SQL (and a check then passes).
    assert check_in_python(Q(due_date=datetime.date(2026, 1, 1)), against) is None


def test_the_checks_are_still_enforced_by_the_database():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, GuidanceRequest._meta.db_table)
    assert {name for name, c in found.items() if c["check"]} >= set(NAMES)
    request = new_request(reference="VL-2099-0002")
    save_with_reason(request, by=None, reason="test", unique_by_index=True)
    for values in ({"consent": False}, {"status": "referred_elsewhere"}, {"status": "declined"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            GuidanceRequest.objects.filter(pk=request.pk).update(**values)


def test_the_form_refuses_a_question_without_consent(client, areas):
    page = client.post("/guidance/ask/", valid(consent=""))
    assert page.status_code == 200
    assert "portal-field--error" in page.content.decode()
    assert GuidanceRequest.objects.count() == 0


def test_a_duplicate_reference_is_still_refused_by_the_index(areas):
    first, _token = submit([areas["law"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        save_with_reason(
            new_request(reference=first.reference), by=None, reason="test", unique_by_index=True
        )


def test_a_request_for_a_dmp_area_is_written_once(areas):
    request, _token = submit([areas["devices"], areas["law"]])
    assert request.dmp_required
    assert list(request.areas.order_by("order")) == [areas["law"], areas["devices"]]
    assert request.history.count() == 1
    assert request.history.get().dmp_required


@pytest.mark.django_db(transaction=True)
def test_the_reference_counter_starts_a_year_and_counts_on(areas):
    with transaction.atomic():
        first, _token = submit(
            [areas["law"]], now=timezone.make_aware(datetime.datetime(2030, 5, 1))
        )
    second, _token = submit([areas["law"]], now=timezone.make_aware(datetime.datetime(2030, 6, 1)))
    assert (first.reference, second.reference) == ("VL-2030-0001", "VL-2030-0002")


def test_the_posts_statements_are_pinned(client, areas, cast, django_assert_num_queries):
    """The key's earlier result, the areas, the reference, the request and its history, its
    areas, the tracking link, the secretariat with their preferences, their notifications, the
    key (no savepoints, no query per check, no pruning of old keys)."""
    with django_assert_num_queries(10):
        page = client.post("/guidance/ask/", valid(form_key=new_key()))
    assert page.status_code == 200
    assert GuidanceRequest.objects.get().reference in page.content.decode()


def test_old_form_keys_are_pruned_by_the_daily_task(settings):
    from kiraad.tasks import prune_form_keys

    old = IdempotencyKey.objects.create(user=None, scope="guidance-ask", key=new_key())
    IdempotencyKey.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    fresh = IdempotencyKey.objects.create(user=None, scope="guidance-ask", key=new_key())
    assert prune_form_keys() == 1
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert keys_prune() == 0
    entry = settings.CELERY_BEAT_SCHEDULE["kiraad-prune-form-keys"]
    assert entry["task"] == prune_form_keys.name == "kiraad.tasks.prune_form_keys"


def test_the_empty_form_is_rendered_once_and_follows_the_areas_and_the_language(
    client, areas, settings, django_assert_num_queries
):
    # One query, rendered or not: the areas, which key the rendered form and are its choices.
    with django_assert_num_queries(1):
        first = client.get("/guidance/ask/").content.decode()
    with django_assert_num_queries(1):
        again = client.get("/guidance/ask/").content.decode()
    assert again.count("Helselovgivningen</span>") == 1
    assert "Helselovgivningen</span>" in first
    areas["law"].name = "Helseretten"
    areas["law"].save()
    page = client.get("/guidance/ask/").content.decode()
    assert "Helseretten</span>" in page
    assert "Helselovgivningen</span>" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/guidance/ask/").content.decode()
    assert "Your question" in english
    assert "Spørsmålet ditt" in page
    assert "Helseretten</span>" in english
    # The form key and the CSRF token are new on each page.
    keys = {re.search(r'name="form_key" value="(\w+)"', p).group(1) for p in (first, page)}
    assert len(keys) == 2


def test_a_refused_post_shows_its_own_errors_not_the_empty_form(client, areas):
    page = client.post("/guidance/ask/", valid(consent="", organisation="Eget HF")).content.decode()
    assert 'value="Eget HF"' in page
    assert "portal-field--error" in page


def test_a_refused_submission_leaves_the_callers_transaction_usable(areas):
    with transaction.atomic():
        with pytest.raises(ServiceError):
            submit([areas["law"]], consent=False)
        assert GuidanceRequest.objects.count() == 0
        submit([areas["law"]])
    assert GuidanceRequest.objects.count() == 1
