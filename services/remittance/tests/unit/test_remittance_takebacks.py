"""Takebacks nothing in the same 835 answers are published as PaymentTakenBack, for denials to put in front of a
person; a reversal followed by the corrected claim, or a recoupment from a claim the 835 pays again, is not.
Hand-written 835s: CLM-T1 was paid 80.00 earlier (ORIGINAL); each later file takes it back in its own way."""

from __future__ import annotations

from decimal import Decimal

from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.samples import POSTED_AT, clp, known_from, svc
from rcm_remittance.service.file_posting import FilePosting, post_remittance_file
from rcm_schemas.events.remittance import ClaimPaid, ClaimReversed, PaymentTakenBack

D = Decimal
HEADER = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *250401*0900*^*00501*000000{n}*0*P*:~
GS*HP*PAYERX*CLINICY*20250401*0900*{n}*X*005010X221A1~
ST*835*0001~
"""
PARTIES = """\
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
"""
TRAILER = """\
GE*1*{n}~
IEA*1*000000{n}~
"""


def _file(n: int, body: str) -> str:
    return HEADER.format(n=n) + body + TRAILER.format(n=n)


# 9 segments from ST to SE: CLM-T1 paid 80.00, CO-45 20.00.
ORIGINAL = _file(
    101,
    """BPR*I*80*C*CHK************20250310~
TRN*1*CHK-T0*1512345678~
"""
    + PARTIES
    + """LX*1~
CLP*CLM-T1*1*100*80**12*ICN-T1~
CAS*CO*45*20~
SE*9*0001~
""",
)
# 9 segments: the payer reverses CLM-T1 and sends nothing else for it (BPR02 = -80.00).
REVERSAL_ALONE = _file(
    102,
    """BPR*I*-80*C*NON************20250401~
TRN*1*CHK-T1*1512345678~
"""
    + PARTIES
    + """LX*1~
CLP*CLM-T1*22*-100*-80**12*ICN-T1~
CAS*CO*45*-20~
SE*9*0001~
""",
)
# 11 segments: the reversal, then the corrected adjudication paying 90.00 (BPR02 = -80.00 + 90.00).
REVERSAL_AND_CORRECTION = _file(
    103,
    """BPR*I*10*C*CHK************20250401~
TRN*1*CHK-T2*1512345678~
"""
    + PARTIES
    + """LX*1~
CLP*CLM-T1*22*-100*-80**12*ICN-T1~
CAS*CO*45*-20~
CLP*CLM-T1*1*100*90**12*ICN-T1B~
CAS*CO*45*10~
SE*11*0001~
""",
)
# 11 segments: the reversal of CLM-T1 and the payment of CLM-T1R, the frequency-7 replacement we sent for it.
REVERSAL_AND_REPLACEMENT = _file(
    105,
    """BPR*I*10*C*CHK************20250401~
TRN*1*CHK-T4*1512345678~
"""
    + PARTIES
    + """LX*1~
CLP*CLM-T1*22*-100*-80**12*ICN-T1~
CAS*CO*45*-20~
CLP*CLM-T1R*1*100*90**12*ICN-T1C~
CAS*CO*45*10~
SE*11*0001~
""",
)
# 9 segments: CLM-T2 paid 50.00; a WO recoupment of 30.00 names CLM-T1 (BPR02 = 50.00 - 30.00).
RECOUPMENT = _file(
    104,
    """BPR*I*20*C*CHK************20250401~
TRN*1*CHK-T3*1512345678~
"""
    + PARTIES
    + """LX*1~
CLP*CLM-T2*1*50*50**12*ICN-T2~
PLB*1234567893*20251231*WO:CLM-T1 ICN-T1*30~
SE*9*0001~
""",
)


def _known() -> dict[str, KnownClaim]:
    return {
        "CLM-T1": known_from(clp("CLM-T1", "1", (svc("99213", "100.00", "80.00"),))),
        "CLM-T2": known_from(clp("CLM-T2", "1", (svc("99212", "50.00", "50.00"),))),
    }


def _after_original(text: str) -> FilePosting:
    known = _known()
    first = post_remittance_file(ORIGINAL, known, POSTED_AT)
    return post_remittance_file(text, known, POSTED_AT, {"CLM-T1": first.entries})


def test_a_reversal_alone_is_a_takeback() -> None:
    posting = _after_original(REVERSAL_ALONE)
    [taken] = [e for e in posting.events if isinstance(e, PaymentTakenBack)]
    assert (taken.claim_id, taken.takeback_kind, taken.amount) == ("CLM-T1", "reversal", D("80.00"))
    assert (taken.trace_number, taken.payer_claim_control_number, taken.recoupment_reasons) == (
        "CHK-T1",
        "ICN-T1",
        (),
    )
    assert taken.taken_back_on.isoformat() == "2025-04-01"
    assert type(posting.events[-1]) is PaymentTakenBack  # after the per-claim events, whose ids stay put


def test_a_reversal_followed_by_the_corrected_claim_is_not_a_takeback() -> None:
    posting = _after_original(REVERSAL_AND_CORRECTION)
    assert [type(e) for e in posting.events if not type(e).__name__.startswith("PaymentPosted")] == [
        ClaimReversed,
        ClaimPaid,
    ]


def test_a_reversal_answered_by_the_replacement_of_the_claim_is_not_a_takeback() -> None:
    known = _known()
    replacement = known_from(clp("CLM-T1R", "1", (svc("99213", "100.00", "90.00"),)))
    known["CLM-T1R"] = replacement.model_copy(update={"original_claim_id": "CLM-T1", "frequency_code": "7"})
    first = post_remittance_file(ORIGINAL, known, POSTED_AT)
    posting = post_remittance_file(REVERSAL_AND_REPLACEMENT, known, POSTED_AT, {"CLM-T1": first.entries})
    assert ClaimReversed in {type(e) for e in posting.events}
    assert not [e for e in posting.events if isinstance(e, PaymentTakenBack)]


def test_a_recoupment_naming_a_claim_the_835_does_not_pay_is_a_takeback() -> None:
    posting = _after_original(RECOUPMENT)
    [taken] = [e for e in posting.events if isinstance(e, PaymentTakenBack)]
    assert (taken.claim_id, taken.takeback_kind, taken.amount, taken.recoupment_reasons) == (
        "CLM-T1",
        "recoupment",
        D("30.00"),
        ("WO",),
    )


def test_a_recoupment_from_a_claim_the_same_835_pays_is_not_a_takeback() -> None:
    # The payer recoups CLM-T2's earlier overpayment while paying CLM-T2 again: an offset, not money lost.
    text = RECOUPMENT.replace("WO:CLM-T1 ICN-T1", "WO:CLM-T2 ICN-T2")
    posting = _after_original(text)
    assert [e for e in posting.events if isinstance(e, PaymentTakenBack)] == []
