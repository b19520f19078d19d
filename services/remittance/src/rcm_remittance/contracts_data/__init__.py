"""Payer contracts shipped for the demo and the tests (see SOURCES.md)."""
