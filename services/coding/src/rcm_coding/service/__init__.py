"""Use cases of the coding service: plain inputs in, decisions out; wiring adds events and storage."""
