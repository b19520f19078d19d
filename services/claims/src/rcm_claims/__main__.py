"""`python -m rcm_claims`: the claims service as a process (HTTP API + consumer); env RCM_CLAIMS_*."""

from rcm_platform.runner import serve

from rcm_claims.app import build_app, default_settings

if __name__ == "__main__":
    serve(build_app(default_settings()))
