"""The portal's rule for an escalation's priority from severity, resources and benefit.

The seeds give only the criteria (*alvorlighet, ressurser og nytte*); the scale and the rule are
ours, and the escalation page shows them. The scores are weighed, not summed:

1. Severity and benefit give a base priority from a table (severity weighs most: a severity of
   5 is always priority 1).
2. Resources then adjust it one step: much resources needed (4–5) lowers the priority unless
   the severity is 5; little resources needed (1–2) with high benefit (4–5) raises it.
3. The secretariat and the council may still override the result, with a recorded reason.
"""

from dataclasses import dataclass

SCORES = (1, 2, 3, 4, 5)


def base_priority(*, severity: int, benefit: int) -> int:
    """Priority 1–3 from severity and benefit alone (the table on the page)."""
    if severity == 5 or (severity >= 4 and benefit >= 3):
        return 1
    if severity + benefit >= 6:
        return 2
    return 3


def compute_priority(*, severity: int, resources: int, benefit: int) -> int:
    """Priority 1 (high) – 3 (low) by the rule above."""
    for score in (severity, resources, benefit):
        if score not in SCORES:
            raise ValueError("scores are 1–5")
    priority = base_priority(severity=severity, benefit=benefit)
    if resources >= 4 and severity < 5:
        priority = min(3, priority + 1)
    elif resources <= 2 and benefit >= 4:
        priority = max(1, priority - 1)
    return priority


@dataclass(frozen=True)
class PriorityTableRow:
    severity: int
    cells: tuple[int, ...]


def priority_table() -> list[PriorityTableRow]:
    """Base priority per severity (rows, high first) and benefit (columns 1–5)."""
    return [
        PriorityTableRow(
            severity=severity,
            cells=tuple(base_priority(severity=severity, benefit=b) for b in SCORES),
        )
        for severity in reversed(SCORES)
    ]
