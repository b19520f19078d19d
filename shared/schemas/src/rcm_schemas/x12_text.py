"""Text that may reach an X12 file (names, addresses, identifiers), checked when it enters the platform.

The rule is the one rcm_x12 enforces when it writes (rcm_x12.segments.serialize): the 5010 extended character
set (printable ASCII) without the delimiters we write with (`*` `:` `^` `~`). Checking at the door means nothing
unsafe is ever stored, and a front desk learns about "DOE~NM1*..." from a 422 naming the field, not from a
rejected claim weeks later.

Normalisation, before the check: Unicode compatibility decomposition with the combining marks dropped, so
"José Muñoz" is stored as "Jose Munoz" (how payers' systems spell it). Characters that do not decompose into
the set (emoji, CJK, control characters, "ß", "Ø") are refused, as are the four delimiters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

X12_DELIMITERS = "*:^~"
_UNSAFE = re.compile(r"[^\x20-\x7e]|[*:^~]")
X12_TEXT_RULE = (
    "must use the X12 character set: letters, digits, spaces and printable punctuation, "
    "except * : ^ ~ (accents are dropped: é -> e); no control characters or symbols such as emoji"
)


def to_x12_text(value: str) -> str:
    """`value` with accents dropped; ValueError (stating the rule, never the value) when it stays unsafe."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    if _UNSAFE.search(plain):
        raise ValueError(X12_TEXT_RULE)
    return plain


X12Text = Annotated[str, AfterValidator(to_x12_text)]
"""A str that can be written into an X12 element as it is (add length limits with Field or StringConstraints)."""
