"""The synthetic workload: clinic profiles, their patients and encounters, seeded and traceable to sources."""
