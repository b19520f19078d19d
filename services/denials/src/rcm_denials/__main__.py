"""Run the denials service as a process: `python -m rcm_denials` (settings from RCM_DENIALS_* variables)."""

from rcm_platform.runner import serve

from rcm_denials.app import build_app, default_settings

if __name__ == "__main__":
    serve(build_app(default_settings()))
