"""The competence network: escalations to the council and the register of AI in patient care.

The models live in one module per concern and are all importable from `network.models`
(app label `network`, tables unchanged):

- `escalations`  Network, EscalationCategory, EscalationLevel, Priority, Escalation
- `deployments`  AIDeployment, DeploymentExperience (the register)
"""

from network.models.deployments import AIDeployment, DeploymentExperience
from network.models.escalations import (
    SCORE_VALIDATORS,
    Escalation,
    EscalationCategory,
    EscalationLevel,
    Network,
    Priority,
)

# simple-history names a historical model's module after the app when its model lives in a
# submodule. Keep them where they were (`network.models.Historical…`), so pickling and the
# shell's auto-imports find them.
for _model in list(globals().values()):
    _history = getattr(getattr(_model, "history", None), "model", None)
    if isinstance(_model, type) and _history is not None:
        _history.__module__ = __name__
        globals()[_history.__name__] = _history
del _model, _history

__all__ = [
    "SCORE_VALIDATORS",
    "AIDeployment",
    "DeploymentExperience",
    "Escalation",
    "EscalationCategory",
    "EscalationLevel",
    "Network",
    "Priority",
]
