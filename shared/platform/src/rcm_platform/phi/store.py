"""PHI sealed at rest: a database whose collections seal PHI fields on write and open them on read.

Every service reaches the store through `Service.db` (the aggregate stores, the ledgers, the read queries), so
wrapping that one database covers them all without per-service code. A document's PHI is sealed with the key of
its own top-level `tenant_id`; a document holding PHI without one is refused (it could not be opened again).
A filter on a PHI field is refused too, since it would silently match nothing: look up by a keyed-hash column
instead (`FieldCipher.keyed_hash`). Reads add `tenant_id` to an inclusion projection when it is missing (to
know the key) and drop it again from what they return.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.cursor import AsyncCursor
from pymongo.asynchronous.database import AsyncDatabase

from rcm_platform.phi.cipher import FieldCipher
from rcm_platform.phi.fields import (
    PHI_NAMES,
    holds_phi_name,
    holds_sealed,
    open_fields,
    seal_all,
    seal_fields,
)

Document = dict[str, Any]
TENANT = "tenant_id"
SETTERS = ("$set", "$setOnInsert")


class PhiError(ValueError):
    """A write or query that would leave PHI in clear or could never match; the message names the field only."""


class PhiDatabase(AsyncDatabase[Document]):
    def __init__(self, client: Any, name: str, cipher: FieldCipher) -> None:
        super().__init__(client, name)
        self.cipher = cipher

    def __getitem__(self, name: str) -> AsyncCollection[Document]:
        return PhiCollection(self, name, self.cipher)


class PhiCollection(AsyncCollection[Document]):
    def __init__(self, database: AsyncDatabase[Document], name: str, cipher: FieldCipher) -> None:
        super().__init__(database, name)
        self.cipher = cipher

    # -- writes ------------------------------------------------------------------------------------
    def sealed(self, document: Mapping[str, Any]) -> Document:
        if not holds_phi_name(document):
            return dict(document)
        tenant_id = document.get(TENANT)
        if not isinstance(tenant_id, str) or not tenant_id:
            raise PhiError(f"a document with PHI in {self.name} has no tenant_id to choose its key")
        return seal_fields(self.cipher, tenant_id, document)  # type: ignore[no-any-return]

    async def insert_one(self, document: Any, *args: Any, **kwargs: Any) -> Any:
        sealed = self.sealed(document)
        result = await super().insert_one(sealed, *args, **kwargs)
        if "_id" not in document and isinstance(document, dict):
            document["_id"] = sealed["_id"]  # as pymongo does for the caller's document
        return result

    async def insert_many(self, documents: Any, *args: Any, **kwargs: Any) -> Any:
        return await super().insert_many([self.sealed(d) for d in documents], *args, **kwargs)

    async def replace_one(self, filter: Any, replacement: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_phi_filter(self.name, filter)
        return await super().replace_one(filter, self.sealed(replacement), *args, **kwargs)

    async def update_one(self, filter: Any, update: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_phi_filter(self.name, filter)
        return await super().update_one(filter, self._sealed_update(filter, update), *args, **kwargs)

    async def update_many(self, filter: Any, update: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse_phi_filter(self.name, filter)
        return await super().update_many(filter, self._sealed_update(filter, update), *args, **kwargs)

    def _sealed_update(self, filter: Any, update: Any) -> Any:
        if not isinstance(update, Mapping) or not holds_phi_name(_as_nested(update)):
            return update
        tenant_id = (filter or {}).get(TENANT) or update.get("$set", {}).get(TENANT)
        if not isinstance(tenant_id, str):
            raise PhiError(f"an update of PHI in {self.name} needs tenant_id in its filter or $set")
        return {
            operator: _sealed_paths(self.cipher, tenant_id, fields) if operator in SETTERS else fields
            for operator, fields in update.items()
        }

    # -- reads -------------------------------------------------------------------------------------
    def find(self, *args: Any, **kwargs: Any) -> AsyncCursor[Document]:
        filter = args[0] if args else kwargs.get("filter")
        _refuse_phi_filter(self.name, filter)
        projection = args[1] if len(args) > 1 else kwargs.get("projection")
        projection, hidden = _with_tenant(projection)
        if len(args) > 1:
            args = (args[0], projection, *args[2:])
        elif projection is not None:
            kwargs["projection"] = projection
        return PhiCursor(self, *args, hide_tenant=hidden, **kwargs)

    def opened(self, document: Document, *, hide_tenant: bool) -> Document:
        if holds_sealed(document):
            tenant_id = document.get(TENANT)
            if not isinstance(tenant_id, str):
                raise PhiError(f"a sealed document in {self.name} has no tenant_id")
            document = open_fields(self.cipher, tenant_id, document)
        if hide_tenant:
            document.pop(TENANT, None)
        return document


class PhiCursor(AsyncCursor[Document]):
    def __init__(self, collection: PhiCollection, *args: Any, hide_tenant: bool, **kwargs: Any) -> None:
        super().__init__(collection, *args, **kwargs)
        self._phi_collection = collection
        self._hide_tenant = hide_tenant

    async def next(self) -> Document:
        return self._phi_collection.opened(await super().next(), hide_tenant=self._hide_tenant)

    async def _next_batch(self, result: list, total: int | None = None) -> bool:  # type: ignore[type-arg]
        batch: list[Document] = []
        more = await super()._next_batch(batch, total)
        result.extend(self._phi_collection.opened(d, hide_tenant=self._hide_tenant) for d in batch)
        return more


def _with_tenant(projection: Any) -> tuple[Any, bool]:
    """An inclusion projection without tenant_id gets it (and the caller never sees it)."""
    if isinstance(projection, Mapping) and projection:
        including = [v for k, v in projection.items() if k != "_id"]
        if including and all(bool(v) for v in including) and TENANT not in projection:
            return {**projection, TENANT: 1}, True
    if isinstance(projection, list | tuple) and TENANT not in projection:
        return [*projection, TENANT], True
    return projection, False


def _refuse_phi_filter(collection: str, filter: Any) -> None:
    for path in _filter_paths(filter):
        if any(part in PHI_NAMES for part in path.split(".")):
            raise PhiError(
                f"{collection}: a filter on {path} cannot match sealed PHI; filter on a keyed hash"
            )


def _filter_paths(filter: Any) -> list[str]:
    if not isinstance(filter, Mapping):
        return []
    paths: list[str] = []
    for key, value in filter.items():
        if key in ("$and", "$or", "$nor") and isinstance(value, list):
            paths.extend(path for clause in value for path in _filter_paths(clause))
        elif not str(key).startswith("$"):
            paths.append(str(key))
    return paths


def _as_nested(update: Mapping[str, Any]) -> dict[str, Any]:
    """Dotted update paths as nested keys, so a PHI name anywhere in a path is seen."""
    nested: dict[str, Any] = {}
    for fields in update.values():
        if isinstance(fields, Mapping):
            for path, value in fields.items():
                node = nested
                parts = str(path).split(".")
                for part in parts[:-1]:
                    node = node.setdefault(part, {})
                node[parts[-1]] = value
    return nested


def _sealed_paths(cipher: FieldCipher, tenant_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """`$set` paths: a path through a PHI name seals its whole value; any other value is sealed by name."""
    return {
        path: seal_all(cipher, tenant_id, value)
        if any(part in PHI_NAMES for part in str(path).split("."))
        else seal_fields(cipher, tenant_id, value)
        for path, value in fields.items()
    }
