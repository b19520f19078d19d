"""Entry points: Kafka subscribers and HTTP routes, thin translations to the use cases."""
