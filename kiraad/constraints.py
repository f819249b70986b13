"""A model's check constraints evaluated in Python, for a row about to be written.

Django's `full_clean()` validates each `CheckConstraint` with a query of its own inside a
savepoint (three statements each). For a condition made only of `exact` and `in` lookups on the
row's own text, boolean and integer fields, Python gives the same answer as the database: this
module evaluates those with SQL's three-valued logic (a NULL value makes a comparison unknown,
and a check that is unknown passes, as in PostgreSQL and in Django's `Q.check()`). Any other
constraint (a unique constraint, an expression, another lookup, a value of another type) is
validated by Django as before. The database keeps enforcing every constraint on write.
"""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q


class CannotEvaluate(Exception):
    """The condition holds something this module does not evaluate in Python."""


def _same(value: object, literal: object) -> bool:
    if isinstance(value, str) and isinstance(literal, str):
        return value == literal
    if isinstance(value, bool) and isinstance(literal, bool):
        return value is literal
    if type(value) is int and type(literal) is int:
        return value == literal
    raise CannotEvaluate(f"{value!r} against {literal!r}")


def _compare(obj: models.Model, lookup: str, literal: object) -> bool | None:
    name, _, op = lookup.partition("__")
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist as exc:
        raise CannotEvaluate(lookup) from exc
    if not field.concrete or field.is_relation or op not in ("", "exact", "in"):
        raise CannotEvaluate(lookup)
    if hasattr(literal, "resolve_expression"):
        raise CannotEvaluate(lookup)
    value = getattr(obj, field.attname)
    if op == "in":
        if isinstance(literal, str) or not hasattr(literal, "__iter__"):
            raise CannotEvaluate(lookup)
        literals = list(literal)
        if any(item is None or hasattr(item, "resolve_expression") for item in literals):
            raise CannotEvaluate(lookup)
        if value is None:
            return None
        return any(_same(value, item) for item in literals)
    if literal is None:  # `field=None` is an IS NULL lookup in Django
        raise CannotEvaluate(lookup)
    if value is None:
        return None
    return _same(value, literal)


def evaluate(condition: Q, obj: models.Model) -> bool | None:
    """True, False or None (unknown, SQL's NULL) for `condition` on the unsaved values of
    `obj`; raises CannotEvaluate for what only the database can tell."""
    results: list[bool | None] = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(evaluate(child, obj))
        elif isinstance(child, tuple) and len(child) == 2:
            results.append(_compare(obj, *child))
        else:
            raise CannotEvaluate(repr(child))
    result: bool | None
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        raise CannotEvaluate(condition.connector)
    if condition.negated and result is not None:
        result = not result
    return result


def _names(condition: Q) -> set[str]:
    names: set[str] = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= _names(child)
        elif isinstance(child, tuple):
            names.add(child[0].split("__", 1)[0])
    return names


def validate_constraints(obj: models.Model, *, exclude: set[str] | None = None) -> None:
    """Validate `obj` against its model's constraints as `Model.validate_constraints()` does
    (the same errors, the same `exclude`), without a query for a check constraint that Python
    can evaluate."""
    exclude = exclude or set()
    errors: dict = {}
    for model_class, constraints in obj.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, models.CheckConstraint):
                    condition = Q(constraint.condition)
                    try:
                        if _names(condition) & exclude:
                            continue
                        passes = evaluate(condition, obj) is not False
                    except CannotEvaluate:
                        constraint.validate(model_class, obj, exclude=exclude)
                    else:
                        if not passes:
                            raise ValidationError(
                                constraint.get_violation_error_message(),
                                code=constraint.violation_error_code,
                            )
                else:
                    constraint.validate(model_class, obj, exclude=exclude)
            except ValidationError as exc:
                fields: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
                if getattr(exc, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(exc)
                else:
                    errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def full_clean(obj: models.Model) -> None:
    """`obj.full_clean()` for a new row whose unique values the caller allocates (a reference
    from a locked counter; the database's unique index still refuses a duplicate): fields and
    `clean()` as Django does, no unique check, the constraints through `validate_constraints`.
    No query when every constraint is a check Python can evaluate."""
    errors: dict = {}
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        validate_constraints(obj, exclude={name for name in errors if name != NON_FIELD_ERRORS})
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
