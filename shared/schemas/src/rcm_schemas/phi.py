"""The one list of field names that hold PHI: sealed at rest and on the broker, dropped from logs.

rcm_platform reads it twice: its log redactor drops any key in this set at any depth, and its PHI cipher
(rcm_platform.phi) encrypts every value under such a key in documents written to the store and in event
payloads published to Kafka. Whole containers are listed too ("patient", "subscriber", "address"): the
redactor drops them whole and the cipher seals every value inside them. A new PHI field is added here, once.
Events carry PHI only where a consumer needs it: the registration facts for the 837P, the note for coding, the
X12 texts (837P, 835, 276, 277), registration corrections, and a biller's accident details on a held claim
(SetHeldClaimDetails).
"""

from __future__ import annotations

EVENT_PHI_FIELD_NAMES: frozenset[str] = frozenset(
    {
        # PersonDemographics (patient, subscriber) and the containers holding them
        "patient",
        "subscriber",
        "first_name",
        "last_name",
        "middle_name",
        "birth_date",
        # PostalAddress of a person, and its parts (city and ZIP are identifying below state level)
        "address",
        "line1",
        "line2",
        "city",
        "postal_code",
        # Coverage identifiers
        "member_id",
        # Dates of the patient's health history (837P DTP*439 accident, DTP*431 onset)
        "accident_date",
        "onset_date",
        # Free text and documents that quote the record
        "note_text",
        "argument",
        "x12_837p",
        "x12_835",
        "x12_276",
        "x12_277",
    }
)
"""PHI names that occur in event payloads (every one of them does; the schema tests check it)."""

STORED_PHI_FIELD_NAMES: frozenset[str] = frozenset(
    {
        # Services' own document fields and the names people and tools use for the same things
        "phone",
        "email",
        "ssn",
        "patient_first_name",
        "patient_last_name",
        "patient_middle_name",
        "patient_member_id",
        "patient_name",
        "subscriber_name",
        "full_name",
        "date_of_birth",
        "dob",
        "subscriber_member_id",
        "address_line1",
        "address_line2",
        "street",
        "zip",
        "zip_code",
        "note",
        "notes",
        "clinical_note",
        "letter_text",
        "x12_text",
        "claim_snapshot",
    }
)
"""PHI names that occur only in documents, HTTP bodies or log calls."""

PHI_FIELD_NAMES: frozenset[str] = EVENT_PHI_FIELD_NAMES | STORED_PHI_FIELD_NAMES

LOG_ONLY_PHI_FIELD_NAMES: frozenset[str] = frozenset({"name"})
"""Redacted in logs but not sealed in documents: too generic (a clinic's or payer's name is not PHI)."""


def phi_fields_of(model: type) -> tuple[str, ...]:
    """The PHI names among a model's fields and its nested models' fields: sealed on the wire by the kit.

    `model` is a pydantic model class (an Event); the names come from its JSON schema, so nested values count.
    """
    schema = model.model_json_schema()  # type: ignore[attr-defined]
    fields = set(schema.get("properties", {}))
    for definition in schema.get("$defs", {}).values():
        fields |= set(definition.get("properties", {}))
    return tuple(sorted(fields & PHI_FIELD_NAMES))
