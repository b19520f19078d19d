"""Golden messages: what producers of each version sent. They must keep decoding; a failure here means a
breaking contract change. Regenerate deliberately with regenerate_golden.py, never to make this test pass."""

import json
from pathlib import Path

import pytest
from rcm_schemas import decode, encode
from rcm_schemas.events import ClaimDenied
from rcm_schemas.registry import all_event_classes, current_version

GOLDEN_DIR = Path(__file__).parent / "golden"
GOLDEN_FILES = sorted(GOLDEN_DIR.glob("*.json"))


def test_every_registered_version_has_a_golden_file() -> None:
    expected = {f"{cls.EVENT_TYPE}.v{cls.SCHEMA_VERSION}.json" for cls in all_event_classes()}
    assert expected <= {path.name for path in GOLDEN_FILES}


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda path: path.stem)
def test_golden_message_still_decodes(path: Path) -> None:
    raw = path.read_bytes()
    message = decode(raw)
    event_type, version = path.stem.rsplit(".v", 1)
    wire = json.loads(raw)
    assert wire["envelope"]["event_type"] == event_type and wire["envelope"]["schema_version"] == int(version)
    assert message.envelope.event_type == event_type
    assert current_version(event_type) == message.payload.SCHEMA_VERSION
    assert message.envelope.schema_version == current_version(event_type)
    # Same version: nothing may be lost between the golden file and the class (renames, dropped fields).
    if int(version) == current_version(event_type):
        assert json.loads(encode(message))["payload"] == wire["payload"]


def test_claim_denied_v1_is_upcast_to_v2() -> None:
    message = decode((GOLDEN_DIR / "ClaimDenied.v1.json").read_bytes())
    assert type(message.payload) is ClaimDenied and ClaimDenied.SCHEMA_VERSION == 2
    assert message.payload.claim_remark_codes == ()
    assert message.payload.lines[0].adjustments[0].carc == "4"
    assert message.envelope.schema_version == 2
    # The upcast message is a valid v2 message in its own right.
    assert decode(encode(message)) == message
