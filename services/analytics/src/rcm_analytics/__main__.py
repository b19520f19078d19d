"""`python -m rcm_analytics`: the analytics service as its own process."""

from rcm_platform.runner import serve

from rcm_analytics.app import build_app, default_settings

if __name__ == "__main__":
    serve(build_app(default_settings()))
