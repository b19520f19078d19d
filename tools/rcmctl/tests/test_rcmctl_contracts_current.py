"""The checked-in contracts are what the code generates: a stale AsyncAPI document or JSON Schema fails CI."""

from __future__ import annotations

import json
from pathlib import Path

from rcm_platform.localstack.config import find_repo_root
from rcm_schemas import CONSUMING_SERVICES
from rcm_schemas.export import export_json_schemas
from rcmctl.asyncapi_docs import render_all


def test_every_service_has_an_up_to_date_asyncapi_document() -> None:
    folder = find_repo_root() / "deploy" / "asyncapi"
    documents = render_all()
    assert set(documents) == {f"{name}.asyncapi.json" for name in CONSUMING_SERVICES}
    stale = [
        name
        for name, text in documents.items()
        if not (folder / name).is_file() or (folder / name).read_text() != text
    ]
    assert stale == [], f"stale AsyncAPI documents {stale}: run `uv run rcm docs asyncapi`"


def test_an_asyncapi_document_names_what_the_service_publishes_and_consumes() -> None:
    claims = json.loads(render_all()["claims.asyncapi.json"])
    channels = json.dumps(claims["channels"])
    assert "rcm.claims.events" in channels and "claims.inputs" in channels
    assert "ClaimSubmitted" in json.dumps(claims["components"])


def test_json_schemas_are_exported_for_every_event(tmp_path: Path) -> None:
    written = export_json_schemas(tmp_path)
    names = {path.name for path in written}
    assert "ClaimSubmitted.v1.json" in names and "ClaimDenied.v2.json" in names
    schema = json.loads((tmp_path / "ClaimSubmitted.v1.json").read_text())
    assert "claim_id" in schema["properties"]
