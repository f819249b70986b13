"""Keep tracking tokens out of the logs: the portal-wide filter lives in kiraad.logconfig."""

from kiraad.logconfig import RedactSecrets as RedactTrackingTokens
from kiraad.logconfig import redact

__all__ = ["RedactTrackingTokens", "redact"]
