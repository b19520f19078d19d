"""The analytics service: domain/ (pure), service/ (use cases over ports), adapters/, entrypoints/."""
