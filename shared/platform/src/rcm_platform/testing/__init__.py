"""Test support shared by every suite: the real stack's endpoints, selected by RCM_TEST_STACK."""

from rcm_platform.testing.endpoints import StackEndpoints, open_stack

__all__ = ["StackEndpoints", "open_stack"]
