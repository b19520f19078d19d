"""Pure coding rules and models: no I/O, reference data only through rcm_codesets."""
