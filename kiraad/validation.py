"""`full_clean` for the services: Django's validation, with the same result and errors, in
fewer round trips to the database.

- Check constraints. Django asks the database (`Q.check`: a savepoint, a `SELECT`, a release —
  three round trips per constraint on every save), though the row's own values decide. The
  constraints here are simple comparisons of the row's fields (`isnull`, `=`, `<`, `<=`, `>`,
  `>=` on numbers and dates, `=` on strings, `in`, with `F()` of another field), so they are
  evaluated in Python with SQL's three-valued logic (a comparison with NULL is unknown; a CHECK
  passes unless it is false). The same evaluation tells when a conditional unique constraint
  does not cover the row at all. Anything else (a function, a join, the order of strings, mixed
  types) is left to Django, which asks the database as before.
- Foreign keys. Django checks that each related row exists in a query of its own; here one
  `SELECT EXISTS(…), EXISTS(…)` checks all of a row's keys.

The database still enforces every constraint on save. tests/kiraad/test_validation.py holds
the Python evaluation of each constraint of every model to the database's answer.
"""

import datetime
import decimal
import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models, router
from django.db.models import CheckConstraint, F, Q, UniqueConstraint, Value
from django.db.models.constants import LOOKUP_SEP


class Undecided(Exception):
    """The condition holds something this module does not evaluate: ask the database."""


type Truth = bool | None  # None: SQL's unknown

_ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_NUMBERS = (int, decimal.Decimal)  # not float: NaN compares otherwise in PostgreSQL


def full_clean(obj: models.Model, *, validate_unique: bool = True) -> None:
    """`obj.full_clean()`, with the same errors, in fewer queries (see the module docstring).

    `validate_unique=False` for a new row whose unique values the caller allocates itself (a
    reference from a locked counter): the database's unique index still refuses a duplicate,
    and no query asks first."""
    errors: dict[str, list] = {}
    foreign_keys = _foreign_keys(type(obj))
    # As Model.full_clean, in its order: fields, clean(), unique checks, constraints.
    for step in (
        lambda: obj.clean_fields(exclude={field.name for field in foreign_keys}),
        lambda: clean_foreign_keys(obj, foreign_keys),
        obj.clean,
    ):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    # Unique checks and constraints are checked only on fields that passed validation.
    exclude = {name for name in errors if name != NON_FIELD_ERRORS}
    if validate_unique:
        try:
            obj.validate_unique(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    exclude = {name for name in errors if name != NON_FIELD_ERRORS}
    try:
        validate_constraints(obj, exclude=exclude)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@functools.cache
def _foreign_keys(model: type[models.Model]) -> tuple[models.ForeignKey, ...]:
    """The foreign keys whose check is a plain key lookup (no `limit_choices_to`, the default
    base manager); any other is left to Django's `clean_fields`."""
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and not field.remote_field.parent_link
        and not field.remote_field.limit_choices_to
        and field.remote_field.model._meta.base_manager_name is None
    )


def clean_foreign_keys(obj: models.Model, fields: tuple[models.ForeignKey, ...]) -> None:
    """What `clean_fields` does for `fields` (`ForeignKey.clean`), with the check that each
    related row exists made in one query for all of them instead of one query each."""
    errors: dict[str, list] = {}
    pending: list[tuple[models.ForeignKey, Any]] = []
    for field in fields:
        raw_value = getattr(obj, field.attname)
        if field.blank and raw_value in field.empty_values:
            continue
        try:
            value = field.to_python(raw_value)
            models.Field.validate(field, value, obj)  # ForeignKey.validate, but the query
        except ValidationError as exc:
            errors[field.name] = exc.error_list
            continue
        if value is None:
            _finish(obj, field, value, errors)
        else:
            pending.append((field, value))
    for (field, value), exists in zip(pending, _all_exist(obj, pending), strict=True):
        if exists:
            _finish(obj, field, value, errors)
            continue
        errors[field.name] = [
            ValidationError(
                field.error_messages["invalid"],
                code="invalid",
                params={
                    "model": field.remote_field.model._meta.verbose_name,
                    "pk": value,
                    "field": field.remote_field.field_name,
                    "value": value,
                },
            )
        ]
    if errors:
        raise ValidationError(errors)


def _finish(obj: models.Model, field: models.ForeignKey, value: Any, errors: dict) -> None:
    try:
        field.run_validators(value)
    except ValidationError as exc:
        errors[field.name] = exc.error_list
    else:
        setattr(obj, field.attname, value)


def _all_exist(obj: models.Model, pending: list[tuple[models.ForeignKey, Any]]) -> list[bool]:
    """Whether each related row exists: `SELECT EXISTS(…), EXISTS(…)`, one round trip per
    database (written as SQL: compiling an ORM subquery per key costs more than the query)."""
    by_db: dict[str, list[int]] = {}
    for index, (field, _value) in enumerate(pending):
        using = router.db_for_read(field.remote_field.model, instance=obj)
        by_db.setdefault(using, []).append(index)
    found = [False] * len(pending)
    for using, indexes in by_db.items():
        connection = connections[using]
        quote = connection.ops.quote_name
        parts: list[str] = []
        params: list[Any] = []
        for index in indexes:
            field, value = pending[index]
            target = field.target_field
            table = quote(field.remote_field.model._meta.db_table)
            column = quote(cast(str, target.column))
            parts.append(f"EXISTS(SELECT 1 FROM {table} WHERE {column} = %s)")  # noqa: S608
            params.append(target.get_db_prep_value(value, connection, prepared=False))
        with connection.cursor() as cursor:
            # Quoted names from the models' metadata; the values are parameters.
            cursor.execute(f"SELECT {', '.join(parts)}", params)
            row = cursor.fetchone()
        for index, exists in zip(indexes, row, strict=True):
            found[index] = bool(exists)
    return found


def validate_constraints(obj: models.Model, *, exclude: set[str]) -> None:
    """`obj.validate_constraints(exclude)`, deciding simple check constraints in Python."""
    using = router.db_for_write(type(obj), instance=obj)
    errors: dict[str, list] = {}
    for model_class, constraints in obj.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    _validate_check(constraint, model_class, obj, exclude, using)
                elif isinstance(constraint, UniqueConstraint) and _not_applicable(
                    constraint, model_class, obj, exclude
                ):
                    continue
                else:
                    constraint.validate(model_class, obj, exclude=exclude, using=using)
            except ValidationError as exc:
                fields: tuple[str, ...] = getattr(constraint, "fields", ())
                if getattr(exc, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(exc)
                else:
                    errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _field_values(obj: models.Model, model: type[models.Model], exclude: set[str]) -> dict:
    """The row as Django's constraints see it: field name → `Value` (Model's own helper)."""
    return cast(Any, obj)._get_field_expression_map(meta=model._meta, exclude=exclude)


def _not_applicable(
    constraint: UniqueConstraint, model: type[models.Model], obj: models.Model, exclude: set[str]
) -> bool:
    """Whether a conditional unique constraint does not cover the row: Django asks the
    database whether the condition holds for it and another row matches, in one `Q.check`
    (three round trips); a row the condition does not hold for cannot violate it."""
    if constraint.condition is None:
        return False
    against = _field_values(obj, model, exclude)
    try:
        return check_in_python(constraint.condition, against) is not True
    except Undecided:
        return False


def _validate_check(
    constraint: CheckConstraint,
    model: type[models.Model],
    obj: models.Model,
    exclude: set[str],
    using: str,
) -> None:
    if exclude and cast(Any, constraint)._expression_refs_exclude(
        model, constraint.condition, exclude
    ):
        return  # as CheckConstraint.validate: a constraint on an invalid field is not checked
    against = _field_values(obj, model, exclude)
    try:
        holds = check_in_python(constraint.condition, against)
    except Undecided:
        constraint.validate(model, obj, exclude=exclude, using=using)
        return
    if holds is False:
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )


def check_in_python(condition: object, against: Mapping[str, Any]) -> Truth:
    """The SQL truth of `condition` for the row `against` (field name → `Value`), as the
    database would compute it; raises Undecided where it cannot be sure."""
    if not isinstance(condition, Q):
        raise Undecided
    results = [_child(child, against) for child in condition.children]
    if condition.connector == Q.AND:
        truth: Truth = False if False in results else None if None in results else True
    elif condition.connector == Q.OR:
        truth = True if True in results else None if None in results else False
    else:
        raise Undecided
    if condition.negated:
        truth = None if truth is None else not truth
    return truth


def _child(child: Any, against: Mapping[str, Any]) -> Truth:
    if isinstance(child, Q):
        return check_in_python(child, against)
    if not isinstance(child, tuple) or len(child) != 2:
        raise Undecided  # an expression used as a condition
    lookup, rhs = child
    name, _sep, kind = lookup.partition(LOOKUP_SEP)
    kind = kind or "exact"
    if kind not in ("exact", "isnull", "in", *_ORDERINGS):
        raise Undecided  # a transform, a join (plan__key), icontains, …
    if name not in against:
        raise Undecided  # Django raises FieldError; let it
    lhs = _plain(against[name])
    if kind == "isnull":
        if not isinstance(rhs, bool):
            raise Undecided
        return (lhs is None) == rhs
    if kind == "exact" and rhs is None:
        return lhs is None  # Django turns `= None` into IS NULL
    if kind == "in":
        if not isinstance(rhs, (list, tuple, set, frozenset)) or not rhs:
            raise Undecided
        values = [_operand(value, against) for value in rhs]
        if any(value is None for value in values):
            raise Undecided
        if lhs is None:
            return None
        for value in values:
            _comparable(lhs, value, ordered=False)
        return lhs in values
    rhs = _operand(rhs, against)
    if lhs is None or rhs is None:
        return None
    if kind == "exact":
        _comparable(lhs, rhs, ordered=False)
        return lhs == rhs
    _comparable(lhs, rhs, ordered=True)
    return _ORDERINGS[kind](lhs, rhs)


def _operand(value: Any, against: Mapping[str, Any]) -> Any:
    if isinstance(value, F):
        name = getattr(value, "name", None)
        if not isinstance(name, str) or name not in against:
            raise Undecided
        return _plain(against[name])
    if hasattr(value, "resolve_expression"):
        raise Undecided
    return _unwrapped(value)


def _plain(value: Any) -> Any:
    """The Python value of a `Value` in the field map (anything else is an expression)."""
    if type(value) is not Value:
        raise Undecided
    return _unwrapped(value.value)


def _unwrapped(value: Any) -> Any:
    """A choice (TextChoices, IntegerChoices) as the plain str or int the database gets."""
    if isinstance(value, str) and type(value) is not str:
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool) and type(value) is not int:
        return int.__int__(value)
    return value


def _comparable(lhs: Any, rhs: Any, *, ordered: bool) -> None:
    """Raise Undecided unless Python compares these two as PostgreSQL does."""
    if isinstance(lhs, bool) or isinstance(rhs, bool):
        if type(lhs) is bool and type(rhs) is bool and not ordered:
            return
        raise Undecided
    if isinstance(lhs, _NUMBERS) and isinstance(rhs, _NUMBERS):
        return
    if isinstance(lhs, datetime.datetime) or isinstance(rhs, datetime.datetime):
        if (
            type(lhs) is datetime.datetime
            and type(rhs) is datetime.datetime
            and lhs.tzinfo is not None
            and rhs.tzinfo is not None
        ):
            return
        raise Undecided
    if type(lhs) is datetime.date and type(rhs) is datetime.date:
        return
    # Strings are equal in PostgreSQL when their bytes are (deterministic collations); their
    # order depends on the collation, so it is left to the database.
    if type(lhs) is str and type(rhs) is str and not ordered:
        return
    raise Undecided
