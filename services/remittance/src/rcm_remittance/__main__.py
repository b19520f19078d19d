"""Run the remittance service as a process: `python -m rcm_remittance`."""

from rcm_platform.runner import serve

from rcm_remittance.app import build_app, default_settings

if __name__ == "__main__":
    serve(build_app(default_settings()))
