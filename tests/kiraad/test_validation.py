"""kiraad.validation.full_clean: Django's validation, decided in Python where the row decides,
with the database's answers and Django's errors (the seed and demo loaders' speed, issue 15)."""

import datetime
import itertools
import random

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, CheckConstraint, F, Q, UniqueConstraint
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.utils import timezone

from kiraad.models import Agency
from kiraad.validation import (
    Undecided,
    check_in_python,
    clean_foreign_keys,
    full_clean,
    validate_constraints,
)
from measures.models import Measure, MeasureOwner
from tests.factories import AgencyFactory
from tests.measures.factories import MeasureFactory, PlanFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _names(condition: Q) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= _names(child)
        else:
            lookup, value = child
            names.add(lookup.split(LOOKUP_SEP)[0])
            if isinstance(value, F):
                names.add(value.name)
    return names


def _samples(field) -> list:
    """Values around the constraints' edges, by the field's type."""
    values: list = [None] if field.null or field.primary_key else []
    if field.is_relation or field.primary_key:
        return [*values, 1, 2]
    kind = field.get_internal_type()
    if field.choices:
        blank = [] if kind.endswith("IntegerField") else [""]
        return [*values, *blank, *(value for value, _label in field.flatchoices)][:8]
    if kind == "BooleanField":
        return [*values, True, False]
    if kind.endswith("IntegerField"):
        return [*values, -1, 0, 1, 3, 5, 6, 100, 101]
    if kind == "DateTimeField":
        return [*values, NOW, NOW + datetime.timedelta(hours=1)]
    if kind == "DateField":
        return [*values, datetime.date(2024, 1, 1), datetime.date(2024, 6, 1)]
    if kind in ("CharField", "TextField", "SlugField"):
        return [*values, "", "x"]
    raise AssertionError(f"no samples for {field}")


def _conditions():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            conditional = isinstance(constraint, UniqueConstraint) and constraint.condition
            if isinstance(constraint, CheckConstraint) or conditional:
                yield pytest.param(model, constraint, id=constraint.name)


@pytest.mark.parametrize(("model", "constraint"), list(_conditions()))
def test_each_constraint_is_decided_in_python_as_the_database_decides(model, constraint):
    fields = sorted(_names(constraint.condition))
    pools = [_samples(model._meta.pk if n == "pk" else model._meta.get_field(n)) for n in fields]
    rows = list(itertools.product(*pools))
    rows = random.Random(constraint.name).sample(rows, min(len(rows), 40))
    for row in rows:
        obj = model()
        for name, value in zip(fields, row, strict=True):
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            setattr(obj, field.attname, value)
        against = obj._get_field_expression_map(meta=model._meta)
        in_python = check_in_python(constraint.condition, against)  # never undecided here
        if isinstance(constraint, CheckConstraint):
            # A CHECK passes unless its condition is false (unknown passes).
            condition = Coalesce(constraint.condition, True, output_field=BooleanField())
            assert (in_python is not False) == Q(condition).check(against), row
        else:
            assert (in_python is True) == Q(constraint.condition).check(against), row


def test_check_constraints_need_no_query(django_assert_num_queries):
    agency = Agency(code="X", name="X", kind="directorate")  # two check constraints
    with django_assert_num_queries(0):
        validate_constraints(agency, exclude=set())
    with django_assert_num_queries(6):  # Django: savepoint, SELECT, release, for each
        agency.validate_constraints()


def test_a_row_the_condition_leaves_out_needs_no_unique_query(django_assert_num_queries):
    measure, agency = MeasureFactory(), AgencyFactory(code="KS")
    co_owner = MeasureOwner(measure=measure, agency=agency, is_lead=False)
    with django_assert_num_queries(1):  # the owner's unique pair; «one lead» cannot apply
        validate_constraints(co_owner, exclude=set())


def test_foreign_keys_are_checked_in_one_query(django_assert_num_queries):
    owner = MeasureOwner(measure=MeasureFactory(), agency=AgencyFactory(code="KS"))
    fields = tuple(MeasureOwner._meta.get_field(name) for name in ("measure", "agency"))
    with django_assert_num_queries(1):
        clean_foreign_keys(owner, fields)


def _errors(clean) -> dict:
    with pytest.raises(ValidationError) as caught:
        clean()
    return caught.value.message_dict


def test_the_errors_are_djangos():
    existing = MeasureFactory()
    broken = Measure(
        plan_id=existing.plan_id,
        number=existing.number,  # taken in this plan
        title="",  # required
        kind="tiltak",
        priority=9,  # 1 to 3
        progress=150,  # a percentage
        merged_into=existing,
        merged_into_external="Noe annet",  # only one merge target
    )
    assert _errors(lambda: full_clean(broken)) == _errors(broken.full_clean)
    assert set(_errors(lambda: full_clean(broken))) == {"title", "__all__"}
    broken.title = "Tittel"
    assert _errors(lambda: full_clean(broken)) == _errors(broken.full_clean)

    missing = Measure(plan_id=PlanFactory().pk + 1000, number="1", title="T", kind="tiltak")
    missing.merged_into_id = existing.pk + 1000
    assert _errors(lambda: full_clean(missing)) == _errors(missing.full_clean)
    assert set(_errors(lambda: full_clean(missing))) == {"plan", "merged_into"}


def test_a_valid_row_passes_and_its_keys_are_cleaned():
    measure = MeasureFactory.build(plan=PlanFactory(), number="7")
    measure.plan_id = str(measure.plan_id)  # as a form might leave it
    full_clean(measure)
    assert isinstance(measure.plan_id, int)


SYNTHETIC = [
    Q(priority=None),
    ~Q(priority=None),
    Q(priority__in=[1, 2]),
    ~Q(priority__in=[1, 2]),
    Q(priority__gt=F("order")) | Q(due_date__lt=datetime.date(2024, 3, 1)),
    ~(Q(progress__lte=F("priority")) & Q(kind="tiltak")),
    Q(merged_into__isnull=False) | ~Q(kind__in=["tiltak", "utredning"]),
]


@pytest.mark.parametrize("condition", SYNTHETIC, ids=str)
def test_other_conditions_are_decided_as_the_database_decides(condition):
    pools = {
        "priority": [None, 1, 3],
        "order": [0, 2],
        "progress": [0, 2, 100],
        "kind": ["tiltak", "anbefaling"],
        "due_date": [None, datetime.date(2024, 1, 1), datetime.date(2024, 6, 1)],
        "merged_into_id": [None, 1],
    }
    for row in itertools.product(*pools.values()):
        obj = Measure(**dict(zip(pools, row, strict=True)))
        against = obj._get_field_expression_map(meta=Measure._meta)
        expected = Q(Coalesce(condition, None, output_field=BooleanField())).check(against)
        assert (check_in_python(condition, against) is True) == expected, row


@pytest.mark.parametrize(
    "condition",
    [Q(title__gt="M"), Q(title__icontains="x"), Q(plan__key="x"), Q(priority="1")],
    ids=str,
)
def test_what_python_might_decide_otherwise_is_left_to_the_database(condition):
    against = Measure(title="Tittel", priority=1)._get_field_expression_map(meta=Measure._meta)
    with pytest.raises(Undecided):
        check_in_python(condition, against)
