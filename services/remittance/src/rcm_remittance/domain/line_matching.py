"""Match the payer's SVC lines to our claim lines.

Order of evidence, strongest first: the line control number we sent (REF*6R, echoed by the payer); then the
procedure code we billed (SVC06 when the payer changed the code, else SVC01), preferring identical modifiers
but accepting dropped or changed ones when the code alone is unique; then code plus charge. Anything still
ambiguous stays unmatched: a wrong automatic match would post money to the wrong line, a queue item costs a
biller one click.
"""

from __future__ import annotations

from collections.abc import Sequence

from rcm_x12 import RemitServiceLine

from rcm_remittance.domain.known_claims import KnownLine


def billed_code(line: RemitServiceLine) -> tuple[str, tuple[str, ...]]:
    """The code and modifiers as we sent them: SVC06 carries them when the payer adjudicated another code."""
    if line.original_procedure_code:
        return line.original_procedure_code, line.original_modifiers
    return line.procedure_code, line.modifiers


def _only(candidates: list[KnownLine]) -> KnownLine | None:
    return candidates[0] if len(candidates) == 1 else None


def _match_by_code(remit: RemitServiceLine, free: list[KnownLine]) -> KnownLine | None:
    code, modifiers = billed_code(remit)
    same_code = [known for known in free if known.procedure_code == code]
    if not same_code:
        return None
    exact = _only([known for known in same_code if known.modifiers == modifiers])
    if exact is not None:
        return exact
    unique = _only(same_code)
    if unique is not None:
        return unique  # modifiers dropped or changed by the payer, but the code is unambiguous
    # Reversals carry negated charges; the charge we billed is the absolute value.
    return _only([known for known in same_code if known.charge == abs(remit.charge)])


def match_lines(remit_lines: Sequence[RemitServiceLine], our_lines: Sequence[KnownLine]) -> list[int | None]:
    """Our line number for each payer line (same order), None where no single line fits.

    Each of our lines is used at most once. Control numbers are resolved for all lines first, so a line
    matched by its control number is never taken by an earlier line's code match.
    """
    matched: list[int | None] = [None] * len(remit_lines)
    by_control = {known.line_control_number: known for known in our_lines if known.line_control_number}
    taken: set[int] = set()
    for index, remit in enumerate(remit_lines):
        known = by_control.get(remit.line_control_number) if remit.line_control_number else None
        if known is not None and known.line_number not in taken:
            matched[index] = known.line_number
            taken.add(known.line_number)
    for index, remit in enumerate(remit_lines):
        if matched[index] is not None:
            continue
        free = [known for known in our_lines if known.line_number not in taken]
        found = _match_by_code(remit, free)
        if found is not None:
            matched[index] = found.line_number
            taken.add(found.line_number)
    return matched
