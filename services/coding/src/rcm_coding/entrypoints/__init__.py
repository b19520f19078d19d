"""Entrypoints: Kafka subscribers and HTTP routes, thin translations onto the use cases."""
