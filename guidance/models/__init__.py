"""Regulatory guidance: the public asks, agencies answer together, the knowledge base publishes.

The models live in one module per concern and are all importable from `guidance.models`
(app label `guidance`, tables unchanged):

- `areas`           Phase, Topic, RegulatoryArea, AreaResponsibility (who answers for an area when)
- `requests`        GuidanceRequest and its reference counter, object permissions, tracking
                    tokens, assignments, internal notes and the requester's messages
- `meetings`        GuidanceMeeting, Gap
- `knowledge_base`  Article, Resource
"""

from guidance.models.areas import AreaResponsibility, Phase, RegulatoryArea, Topic
from guidance.models.knowledge_base import Article, Resource
from guidance.models.meetings import Gap, GuidanceMeeting
from guidance.models.requests import (
    Assignment,
    GuidanceRequest,
    GuidanceRequestGroupObjectPermission,
    GuidanceRequestUserObjectPermission,
    RequestCounter,
    RequesterMessage,
    RequestNote,
    TrackingToken,
    hash_token,
)

# simple-history names a historical model's module after the app when its model lives in a
# submodule. Keep them where they were (`guidance.models.Historical…`), so pickling and the
# shell's auto-imports find them.
for _model in list(globals().values()):
    _history = getattr(getattr(_model, "history", None), "model", None)
    if isinstance(_model, type) and _history is not None:
        _history.__module__ = __name__
        globals()[_history.__name__] = _history
del _model, _history

__all__ = [
    "AreaResponsibility",
    "Article",
    "Assignment",
    "Gap",
    "GuidanceMeeting",
    "GuidanceRequest",
    "GuidanceRequestGroupObjectPermission",
    "GuidanceRequestUserObjectPermission",
    "Phase",
    "RegulatoryArea",
    "RequestCounter",
    "RequestNote",
    "RequesterMessage",
    "Resource",
    "Topic",
    "TrackingToken",
    "hash_token",
]
