"""Adapters: Mongo repositories and the translators between the wire contracts and the claim domain."""
