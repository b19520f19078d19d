"""Adapters: wire <-> domain translators, the coding document's layout, the diagnosis index loader."""
