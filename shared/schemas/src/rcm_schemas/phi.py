"""Names of payload fields that hold PHI, for the log redactor in rcm_platform.

The redactor should drop (or mask) any key in this set at any depth of a dict or list before a line is
written. Whole containers are listed too ("patient", "subscriber", "address"), so a redactor that stops at the
first hit still removes everything inside. Events carry PHI only where a consumer needs it: the registration
facts for the 837P, the note for coding, the X12 texts, and registration corrections.
"""

from __future__ import annotations

PHI_FIELD_NAMES: frozenset[str] = frozenset(
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
        # Free text and documents that quote the record
        "note_text",
        "argument",
        "x12_837p",
        "x12_835",
    }
)
