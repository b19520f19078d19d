"""rcm_denials: classify denied and rejected claims, route them to work queues, correct, appeal, measure."""
