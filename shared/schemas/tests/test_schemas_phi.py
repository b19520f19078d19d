import json

from rcm_schemas import EVENT_PHI_FIELD_NAMES, PHI_FIELD_NAMES, encode
from rcm_schemas.events import PersonDemographics, PostalAddress
from rcm_schemas.registry import all_event_classes
from rcm_schemas.samples import sample_messages


def _keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {key for value in node.values() for key in _keys(value)}
    if isinstance(node, list):
        return {key for value in node for key in _keys(value)}
    return set()


def _redact(node: object) -> object:
    if isinstance(node, dict):
        return {key: _redact(value) for key, value in node.items() if key not in PHI_FIELD_NAMES}
    if isinstance(node, list):
        return [_redact(value) for value in node]
    return node


def test_person_identifiers_are_listed() -> None:
    identifying = {"first_name", "last_name", "middle_name", "birth_date", "address"}
    assert identifying <= PHI_FIELD_NAMES & set(PersonDemographics.model_fields)
    assert set(PostalAddress.model_fields) - {"state"} <= PHI_FIELD_NAMES


def test_every_listed_name_is_a_real_field() -> None:
    seen = set().union(*(_keys(json.loads(encode(message))) for message in sample_messages()))
    assert seen >= EVENT_PHI_FIELD_NAMES, EVENT_PHI_FIELD_NAMES - seen


def test_redacting_the_listed_names_removes_the_sample_phi() -> None:
    secrets = ("Testpatient", "Jane", "1980-06-15", "W123456789", "M998877", "12 Test Lane", "Video visit")
    for message in sample_messages():
        text = json.dumps(_redact(json.loads(encode(message))))
        assert not [secret for secret in secrets if secret in text], type(message.payload).__name__


def test_phi_free_events_stay_phi_free() -> None:
    # Only events feeding the claim builder, coding, or a registration fix may carry PHI; the rest must not.
    allowed = {
        "EncounterRegistered",
        "EncounterCoded",
        "CorrectRegistration",
        "CorrectCoverage",
        "EncounterCoverageCorrected",
        "ClaimSubmitted",
        "RemittanceReceived",
        "ClaimStatusInquired",  # the 276 and 277 files, kept in the X12 archive like the 837P and 835
        "ClaimStatusReported",
        "UpdateHeldClaim",
        "SetHeldClaimDetails",
        "CorrectionRequested",
        "ResolveDenial",
        "FileAppeal",
    }
    for cls in all_event_classes():
        if cls.EVENT_TYPE in allowed:
            continue
        fields = _keys(cls.model_json_schema().get("$defs", {})) | set(cls.model_fields)
        assert not (fields & PHI_FIELD_NAMES), (cls.EVENT_TYPE, fields & PHI_FIELD_NAMES)
