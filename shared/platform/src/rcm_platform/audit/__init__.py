"""Tamper evidence: per-tenant hash chains (ledgers, the audit trail), their verifier and the audit trail."""
