"""`python -m rcm_clearinghouse`: the clearinghouse service as its own process."""

from rcm_platform.runner import serve

from rcm_clearinghouse.app import build_app, default_settings

if __name__ == "__main__":
    serve(build_app(default_settings()))
