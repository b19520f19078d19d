"""rcm_claims: professional claims from coded encounters to paid (or corrected) claims.

domain/ is pure (model, lifecycle, scrubber rules); rules_data/ parses the CMS NCCI PTP and MUE files and the
clinic's chargemaster (and ships synthetic samples for the demo and tests); service/ holds the use cases (pure
decisions plus the workflows that run them through the ports in service/ports.py); adapters/ implement the
ports and translate the wire; entrypoints/ are the subscribers and routes; app.py wires them.
"""
