"""Read and validate a whole 835 file before anything is posted: one bad segment rejects the file.

Rejecting the whole file (rather than posting the transactions that read fine) keeps "this file was posted"
a yes/no fact; the payer or clearinghouse resends a corrected file, which then posts from scratch. A claim that
does not balance (or has an unknown status) is the exception: the file still posts, and that claim alone goes
to the unmatched queue with the reason (service/file_posting.py), as billing systems do with a payer's error.
"""

from __future__ import annotations

from rcm_x12 import Remittance, X12ParseError, payment_problems, read_835

from rcm_remittance.domain.remittance_identity import payer_id_of


class RemittanceFileRejected(Exception):
    """The file cannot be posted. segment_id/segment_position are set when a segment could not be read."""

    def __init__(
        self, problems: list[str], segment_id: str | None = None, segment_position: int | None = None
    ) -> None:
        self.problems = problems
        self.segment_id = segment_id
        self.segment_position = segment_position
        super().__init__("835 file rejected: " + "; ".join(problems))


def read_remittance_file(text: str) -> list[Remittance]:
    """Every transaction of the file, parsed and checked; raises RemittanceFileRejected on any problem.

    Checked: the X12 syntax (the reader names segment and position), a payer identity and trace number
    per transaction, and BPR02 = CLP04 - PLB, so every posted remittance reconciles to the cent. Each claim's
    own balance (charge = paid + adjustments) and status are checked when it is posted (claim_problems).
    """
    try:
        remittances = read_835(text)
    except X12ParseError as error:
        raise RemittanceFileRejected([str(error)], error.segment_id, error.segment_position) from error
    problems: list[str] = []
    for number, remittance in enumerate(remittances, start=1):
        where = f"transaction {number} (trace {remittance.trace_number or '?'})"
        if not remittance.trace_number:
            problems.append(f"{where}: TRN02 trace number is empty")
        if not payer_id_of(remittance):
            problems.append(f"{where}: no payer id in N1*PR04, REF*2U or TRN03")
        problems.extend(f"{where}: {problem}" for problem in payment_problems(remittance))
    if problems:
        raise RemittanceFileRejected(problems)
    return remittances
