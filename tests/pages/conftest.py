"""Fixtures shared with the guidance tests."""

from tests.guidance.conftest import areas, hdir_request  # noqa: F401
