"""Entrypoints: the Kafka subscribers and the HTTP routes, thin translations to the claim workflow."""
