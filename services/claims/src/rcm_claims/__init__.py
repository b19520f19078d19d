"""rcm_claims: professional claims from coded encounters to paid (or corrected) claims.

domain/ is pure (model, lifecycle, scrubber rules); rules_data/ imports the CMS NCCI and MUE files; service/
holds one pure use-case function per command or event, returning a decision for the wiring layer to persist
and publish.
"""
