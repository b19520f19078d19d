"""How a handler tells the kit what kind of failure it met."""


class PermanentError(Exception):
    """The event can never be handled as it is (a business rule refuses it): straight to the DLQ, no retry."""


class TransientError(Exception):
    """Worth retrying with backoff (a dependency was briefly unavailable)."""
