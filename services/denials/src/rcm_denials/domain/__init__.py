"""Pure denial model and rules: no I/O, no event contracts (adapters translate wire <-> domain)."""
