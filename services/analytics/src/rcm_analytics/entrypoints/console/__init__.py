"""The billing console: server-rendered pages (Jinja2 + htmx) over the read model, mounted at /console."""
