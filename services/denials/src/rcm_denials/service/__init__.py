"""Use cases: one function per event or command, over the pure domain."""
