"""Sealing a document or payload by field name: every value under a PHI name, at any depth, is encrypted.

The names are rcm_schemas.PHI_FIELD_NAMES (the one list; the log redactor reads it too). A PHI name holding a
container ("patient", "address") seals every scalar inside it, leaf by leaf, so the shape stays: an object is
still an object and a list still a list, only its values are ciphertext strings. None stays None (an absent
middle name says nothing). Opening walks everything and opens every sealed string, whatever its key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rcm_schemas import PHI_FIELD_NAMES

from rcm_platform.phi.cipher import FieldCipher, is_sealed

PHI_NAMES: frozenset[str] = frozenset(PHI_FIELD_NAMES)


def seal_fields(cipher: FieldCipher, tenant_id: str, node: Any, names: frozenset[str] = PHI_NAMES) -> Any:
    """A copy of `node` with every value under a PHI name sealed (other values are shared, not copied)."""
    if isinstance(node, Mapping):
        return {
            key: (
                seal_all(cipher, tenant_id, value)
                if key in names
                else seal_fields(cipher, tenant_id, value, names)
            )
            for key, value in node.items()
        }
    if isinstance(node, list | tuple):
        return [seal_fields(cipher, tenant_id, item, names) for item in node]
    return node


def seal_all(cipher: FieldCipher, tenant_id: str, node: Any) -> Any:
    if node is None:
        return None
    if isinstance(node, Mapping):
        return {key: seal_all(cipher, tenant_id, value) for key, value in node.items()}
    if isinstance(node, list | tuple):
        return [seal_all(cipher, tenant_id, item) for item in node]
    return cipher.seal(tenant_id, node)


def open_fields(cipher: FieldCipher, tenant_id: str, node: Any) -> Any:
    """A copy of `node` with every sealed string opened."""
    if isinstance(node, str):
        return cipher.open(tenant_id, node) if is_sealed(node) else node
    if isinstance(node, Mapping):
        return {key: open_fields(cipher, tenant_id, value) for key, value in node.items()}
    if isinstance(node, list):
        return [open_fields(cipher, tenant_id, item) for item in node]
    return node


def holds_phi_name(node: Any, names: frozenset[str] = PHI_NAMES) -> bool:
    """Whether any key at any depth is a PHI name (cheap pre-check before sealing)."""
    if isinstance(node, Mapping):
        return any(key in names or holds_phi_name(value, names) for key, value in node.items())
    if isinstance(node, list | tuple):
        return any(holds_phi_name(item, names) for item in node)
    return False


def holds_sealed(node: Any) -> bool:
    if isinstance(node, str):
        return is_sealed(node)
    if isinstance(node, Mapping):
        return any(holds_sealed(value) for value in node.values())
    if isinstance(node, list):
        return any(holds_sealed(item) for item in node)
    return False
