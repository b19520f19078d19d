"""Adapters: the Mongo work-item index and read queries, the diagnosis index loader (they implement service.ports)."""
