"""The local signing key: created once (`rcm stack up`), used by `rcm auth token`, the demo, bench and tests.

Files in `<repo>/.rcm/auth/` (folder 0700, files 0600): `signing-key.pem` (EC P-256, private) and `jwks.json`
(its public half, what services trust through RCM_AUTH_JWKS). Production points RCM_AUTH_JWKS at the identity
provider's JWKS instead, and this key is never used.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from rcm_platform.auth.roles import Role

DEV_ISSUER = "rcm-dev"
DEV_AUDIENCE = "rcm-api"
SIGNING_KEY_FILE = "signing-key.pem"
JWKS_FILE = "jwks.json"
DEFAULT_TTL_S = 8 * 3600


def dev_auth_dir() -> Path:
    from rcm_platform.localstack.config import find_repo_root

    return find_repo_root() / ".rcm" / "auth"


class DevSigner:
    """Mints tokens with the local key."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, kid: str, jwks_path: Path) -> None:
        self._key = private_key
        self.kid = kid
        self.jwks_path = jwks_path

    def mint(
        self,
        *,
        subject: str,
        roles: Iterable[Role | str],
        tenants: Iterable[str],
        ttl_s: int = DEFAULT_TTL_S,
        issuer: str = DEV_ISSUER,
        audience: str = DEV_AUDIENCE,
        not_before_s: int = 0,
    ) -> str:
        now = int(time.time())
        claims = {
            "sub": subject,
            "roles": [str(role) for role in roles],
            "tenants": list(tenants),
            "iss": issuer,
            "aud": audience,
            "iat": now,
            "nbf": now + not_before_s,
            "exp": now + ttl_s,
        }
        return jwt.encode(claims, self._key, algorithm="ES256", headers={"kid": self.kid})


def ensure_dev_signer(folder: Path | None = None) -> DevSigner:
    """The signer of `folder` (default `<repo>/.rcm/auth`), creating the key pair the first time."""
    folder = folder or dev_auth_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    key_path, jwks_path = folder / SIGNING_KEY_FILE, folder / JWKS_FILE
    if not key_path.exists():
        _create_key(key_path)
    pem = key_path.read_bytes()
    private_key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private_key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{key_path} is not an EC private key")
    public_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private_key.public_key()))
    kid = _thumbprint(public_jwk)
    public_jwk.update({"kid": kid, "use": "sig", "alg": "ES256"})
    document = json.dumps({"keys": [public_jwk]}, indent=2)
    if not jwks_path.exists() or jwks_path.read_text() != document:
        _write_private(jwks_path, document.encode(), replace=True)
    return DevSigner(private_key, kid, jwks_path)


def _create_key(path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_private(path, pem, replace=False)


def _write_private(path: Path, content: bytes, *, replace: bool) -> None:
    """Written whole to a temporary file (0600) first, so no reader ever sees half a key.

    Several processes may create the key at once (services, tests): without `replace` the first one's key wins
    (a hard link fails when the name exists) and the others read it.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    try:
        if replace:
            os.replace(temporary, path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _thumbprint(jwk: dict[str, str]) -> str:
    """RFC 7638 thumbprint of an EC public key: a stable `kid`."""
    import base64
    import hashlib

    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"))
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
