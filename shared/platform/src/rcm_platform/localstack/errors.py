"""Errors the local stack reports as one clear line to the operator."""


class StackError(RuntimeError):
    """A problem the operator can fix: a missing tool, a busy port, a component that did not start."""
