from decimal import Decimal

import pytest
from rcm_remittance.samples import POSTED_AT, cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.file_intake import RemittanceFileRejected
from rcm_remittance.service.file_posting import post_remittance_file


def _two_transactions() -> tuple[str, dict[str, object]]:
    good = clp("CLM30", "1", (svc("99213", "100.00", "70.00", (cas("CO", "45", "30.00"),)),))
    later = clp("CLM31", "1", (svc("99214", "150.00", "150.00"),))
    text = file_of(remittance((good,), trace="T1"), remittance((later,), trace="T2"))
    return text, {"CLM30": known_from(good), "CLM31": known_from(later)}


def test_a_corrupted_amount_names_the_segment_and_position_and_posts_nothing() -> None:
    text, known = _two_transactions()
    corrupted = text.replace("SVC*HC:99214*150*", "SVC*HC:99214*15O*")
    segments = corrupted.split("~")
    position = next(i for i, s in enumerate(segments, start=1) if "15O*" in s)
    with pytest.raises(RemittanceFileRejected) as rejected:
        post_remittance_file(corrupted, known, POSTED_AT)  # type: ignore[arg-type]
    assert rejected.value.segment_id == "SVC"
    assert rejected.value.segment_position == position
    assert "SVC" in str(rejected.value) and str(position) in str(rejected.value)


def test_a_truncated_file_is_rejected() -> None:
    text, known = _two_transactions()
    with pytest.raises(RemittanceFileRejected) as rejected:
        post_remittance_file(text[: len(text) * 2 // 3], known, POSTED_AT)  # type: ignore[arg-type]
    assert rejected.value.problems


# Written by hand, as a payer's system would send it (not by our writer): CLM2 says it paid 140.00 of 150.00 and
# gives no adjustment for the other 10.00, so it does not balance; BPR02 is still the sum of the CLP04s.
UNBALANCED_AMONG_GOOD = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *240320*0900*^*00501*000000901*0*P*:~
GS*HP*PAYERX*CLINICY*20240320*0900*901*X*005010X221A1~
ST*835*0001~
BPR*I*320*C*ACH*CCP*01*011000015*DA*123456*1512345678**01*011000028*DA*987654*20240322~
TRN*1*EFT7781*1512345678~
DTM*405*20240320~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N3*1 INSURANCE PLZ~
N4*PEORIA*IL*61602~
PER*BL*CLAIMS*TE*8005550100~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
CLP*CLM1*1*100*80*20*12*PMCN1~
SVC*HC:99213*100*80**1~
DTM*472*20240305~
CAS*PR*2*20~
CLP*CLM2*1*150*140**12*PMCN2~
SVC*HC:99214*150*140**1~
DTM*472*20240305~
CLP*CLM3*1*100*100**12*PMCN3~
SVC*HC:99212*100*100**1~
DTM*472*20240305~
SE*21*0001~
GE*1*901~
IEA*1*000000901~
"""


def test_an_unbalanced_claim_goes_to_the_unmatched_queue_and_the_rest_of_the_file_posts() -> None:
    known = {
        claim_id: known_from(clp(claim_id, "1", (svc(code, "100.00", "0.00", (cas("CO", "45", "100.00"),)),)))
        for claim_id, code in (("CLM1", "99213"), ("CLM2", "99214"), ("CLM3", "99212"))
    }
    posting = post_remittance_file(UNBALANCED_AMONG_GOOD, known, POSTED_AT)

    [remittance] = posting.remittances
    assert [claim.claim_id for claim in remittance.claims] == ["CLM1", "CLM3"]
    [held] = remittance.unmatched
    assert (held.reason, held.claim.claim_id, held.paid) == ("invalid_claim", "CLM2", Decimal("140.00"))
    assert "charge - paid - adjustments = 10.00" in held.problem
    assert held.summary()["problem"] == held.problem
    assert not any(entry.claim_id == "CLM2" for entry in posting.entries)
    reconciliation = remittance.reconciliation
    assert reconciliation is not None and reconciliation.balanced
    assert (reconciliation.posted_payment_total, reconciliation.unmatched_payment_total) == (
        Decimal("180.00"),
        Decimal("140.00"),
    )


def test_an_unknown_claim_status_is_held_the_same_way() -> None:
    text = UNBALANCED_AMONG_GOOD.replace("CLP*CLM2*1*150*140**", "CLP*CLM2*9*150*150**")
    text = text.replace("SVC*HC:99214*150*140**1", "SVC*HC:99214*150*150**1").replace(
        "BPR*I*320*", "BPR*I*330*"
    )
    known = {"CLM1": known_from(clp("CLM1", "1", (svc("99213", "100.00", "80.00"),)))}
    [remittance] = post_remittance_file(text, known, POSTED_AT).remittances  # type: ignore[arg-type]
    invalid = [item for item in remittance.unmatched if item.reason == "invalid_claim"]
    assert [(item.claim.claim_id, item.problem) for item in invalid] == [("CLM2", "unknown status '9'")]


def test_a_transaction_whose_payment_differs_from_its_claims_is_still_rejected_whole() -> None:
    with pytest.raises(RemittanceFileRejected) as rejected:
        post_remittance_file(UNBALANCED_AMONG_GOOD.replace("BPR*I*320*", "BPR*I*300*"), {}, POSTED_AT)
    assert any("BPR02" in problem for problem in rejected.value.problems)
