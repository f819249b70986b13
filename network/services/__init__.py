"""Writes of the network app, by concern. Every write records who made it and why.

- escalations.py: escalations from draft to the answer sent back to the network
- register.py: the register of AI systems in patient care, reviewed before publication
- succession.py: the dissolution handler (open escalations and register entries move)

The names are re-exported here, so `from network import services` keeps working.
"""

from network.services.escalations import *  # noqa: F403
from network.services.escalations import __all__ as _escalations
from network.services.register import *  # noqa: F403
from network.services.register import __all__ as _register
from network.services.succession import move_to_successor

__all__ = [*_escalations, *_register, "move_to_successor"]
