"""Adapters: Mongo documents and repositories, wire <-> domain translators."""
