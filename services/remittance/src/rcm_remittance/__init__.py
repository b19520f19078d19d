"""rcm_remittance: posts 835 remittances to an append-only ledger (see domain/ and service/)."""
