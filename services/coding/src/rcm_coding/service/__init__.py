"""Use cases of the coding service; they reach the outside only through service/ports.py."""
