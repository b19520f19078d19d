from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcm_x12.errors import X12BuildError, X12ParseError
from rcm_x12.reader835 import read_835
from rcm_x12.remit835 import Party, balance_problems, verify_balance
from rcm_x12.sample835 import bulk_remittance, inpatient_claim, mixed_remittance
from rcm_x12.segments import Separators
from rcm_x12.writer835 import write_835

BLUE = Party("BLUE PRAIRIE", "BPI77", "PO BOX 9", "PEORIA", "IL", "61602", contact_phone="3095550100")
PARTIES = EnvelopeParties("ACMEPAYER", "RCMCLINIC")
CREATED = datetime(2024, 3, 19, 8, 0)


def _file(**kwargs: object) -> str:
    second = replace(bulk_remittance(3, trace="EFT777"), payer=BLUE)
    return write_835([mixed_remittance(), second], PARTIES, ControlNumbers(5, 6, 7), CREATED, **kwargs)  # type: ignore[arg-type]


def test_written_835_validates_with_pyx12(pyx12_errors: Callable[[str], list[str]]) -> None:
    text = _file()
    assert pyx12_errors(text) == []
    assert "CLP*PCN3*22*-200*-150*0*12*ICN0000000003**1" in text  # reversal
    assert "CLP*PCN2*4*120*0*0*HM*ICN0000000002" in text  # denial
    assert "CAS*CO*97*100**B15*20" in text
    assert "PLB*1234567893*20241231*WO:OVERPAY123*25*L6:INT2024*-1.25" in text
    assert "CAS*CO*45*10*1*253*10**94*10**96*10**B7*10**16*10~CAS*CO*18*10**23*10" in text  # 6 triples max


def test_round_trip_and_balance() -> None:
    text = _file(line_breaks=True)
    remittances = read_835(text)
    assert [r.trace_number for r in remittances] == ["CHK100200", "EFT777"]
    assert remittances[0] == mixed_remittance()
    assert remittances[1].payer == BLUE
    assert all(verify_balance(r) for r in remittances)
    first = remittances[0]
    assert first.payment_amount == Decimal("870.25")
    assert {c.status for c in first.claims} == {"1", "2", "4", "22"}
    line = first.claims[0].lines[1]
    assert (line.original_procedure_code, line.line_control_number, line.allowed) == (
        "94060",
        "LN1-2",
        Decimal("40.00"),
    )
    assert first.claims[4].inpatient_remarks == ("MA32", "N20")
    assert len(first.claims[4].adjustments) == 9


def test_writer_refuses_unbalanced() -> None:
    remittance = mixed_remittance()
    bad_claim = replace(remittance.claims[0], paid=Decimal("73.00"))
    with pytest.raises(X12BuildError, match="PCN1"):
        write_835(
            [replace(remittance, claims=(bad_claim, *remittance.claims[1:]))],
            PARTIES,
            ControlNumbers(1, 1, 1),
            CREATED,
        )
    with pytest.raises(X12BuildError, match="BPR02"):
        write_835(
            [replace(remittance, payment_amount=Decimal("1.00"))], PARTIES, ControlNumbers(1, 1, 1), CREATED
        )


def test_balance_problems_reports_each_level() -> None:
    remittance = mixed_remittance()
    claim = inpatient_claim(9)
    problems = balance_problems(
        replace(remittance, payment_amount=Decimal("0"), claims=(replace(claim, charge=Decimal("1.00")),))
    )
    assert len(problems) == 2


def test_custom_separators_and_crlf() -> None:
    separators = Separators(element="|", component=">", repetition="!", segment="\n")
    text = write_835([mixed_remittance()], PARTIES, ControlNumbers(1, 1, 1), CREATED, separators=separators)
    assert "SVC|HC>99214>25|150|72||1" in text
    assert read_835(text) == [mixed_remittance()]
    crlf = write_835([mixed_remittance()], PARTIES, ControlNumbers(1, 1, 1), CREATED).replace("~", "~\r\n")
    assert read_835(crlf) == [mixed_remittance()]


def test_several_interchanges_in_one_file() -> None:
    one = write_835([mixed_remittance()], PARTIES, ControlNumbers(1, 1, 1), CREATED)
    two = write_835([bulk_remittance(2)], PARTIES, ControlNumbers(2, 2, 2), CREATED)
    assert len(read_835(one + "\n" + two)) == 2


def test_bad_amount_names_segment_position_and_element() -> None:
    text = write_835([mixed_remittance()], PARTIES, ControlNumbers(1, 1, 1), CREATED)
    good = "CLP*PCN4*1*235.5*72*58*12*ICN0000000004*11*1"
    position = text.split("~").index(good) + 1
    with pytest.raises(X12ParseError) as caught:
        read_835(text.replace(good, good.replace("*72*", "*12.3x*")))
    error = caught.value
    assert (error.segment_id, error.segment_position, error.element_position) == ("CLP", position, 4)
    assert "CLP04" in str(error) and f"position {position}" in str(error)
    assert "12.3x" not in str(error)  # never the value: it may be PHI


@pytest.mark.parametrize(
    ("mutate", "segment_id", "fragment"),
    [
        (lambda t: t[: t.index("IEA*")], "ISA", "missing IEA"),
        (lambda t: t.replace("SE*68*", "SE*67*"), "SE", "SE count"),
        (lambda t: t.replace("SVC*HC:94010*85.5*", "SVC*HC:94010*8,5*", 1), "SVC", "non-numeric amount"),
        (lambda t: t[:50], "ISA", "unknown ISA layout"),
        (
            lambda t: t.replace(
                "BPR*I*870.25*C*CHK************20240320", "BPR*I*870.25*C*CHK************2024"
            ),
            "BPR",
            "invalid date",
        ),
        (lambda t: t.replace("GE*1*1", "GE*2*1"), "GE", "GE01"),
    ],
)
def test_malformed_files_raise_parse_errors(
    mutate: Callable[[str], str], segment_id: str, fragment: str
) -> None:
    text = write_835([mixed_remittance()], PARTIES, ControlNumbers(1, 1, 1), CREATED)
    with pytest.raises(X12ParseError, match=fragment) as caught:
        read_835(mutate(text))
    assert caught.value.segment_id == segment_id
    assert caught.value.segment_position is not None


def test_missing_optional_segments_are_fine() -> None:
    text = write_835([bulk_remittance(1)], PARTIES, ControlNumbers(1, 1, 1), CREATED)
    for optional in ("DTM*405*20240319~", "REF*2U*ACME01~", "MOA***MA01~", "AMT*B6*90~", "LQ*HE*N130~"):
        text = text.replace(optional, "")
    start = text.index("ST*835")
    end = text.index("SE*")
    text = text[:end] + f"SE*{text[start:end].count('~') + 1}*0001~GE*1*1~IEA*1*000000001~"
    (remittance,) = read_835(text)
    assert remittance.production_date is None
    assert remittance.claims[0].lines[0].allowed is None
    assert remittance.claims[0].lines[0].remark_codes == ()


def test_claim_interest_is_written_read_and_kept_out_of_the_claim_balance(
    pyx12_errors: Callable[[str], list[str]],
) -> None:
    remittance = mixed_remittance()
    first = remittance.claims[0]
    with_interest = replace(first, paid=first.paid + Decimal("1.37"), interest=Decimal("1.37"))
    remittance = replace(
        remittance,
        claims=(with_interest, *remittance.claims[1:]),
        payment_amount=remittance.payment_amount + Decimal("1.37"),
    )
    assert balance_problems(remittance) == []  # CLP04 includes the interest; the charge still balances
    text = write_835([remittance], PARTIES, ControlNumbers(1, 1, 1), CREATED)
    assert "AMT*I*1.37~SVC*" in text  # claim loop 2100, before the service lines
    assert pyx12_errors(text) == []
    [read] = read_835(text)
    assert (read.claims[0].interest, read.claims[0].paid) == (Decimal("1.37"), with_interest.paid)
    assert read.claims[1].interest == Decimal("0.00")
    unbalanced = replace(with_interest, interest=Decimal("0.00"))
    assert balance_problems(replace(remittance, claims=(unbalanced,))) != []


def test_a_crossover_names_the_payer_forwarded_to_in_nm1_tt(pyx12_errors: Callable[[str], list[str]]) -> None:
    remittance = mixed_remittance()
    first = replace(
        remittance.claims[0],
        status="19",
        crossover_payer_name="LAKESHORE STATE MEDICAID",
        crossover_payer_id="MCD01",
    )
    crossed = replace(remittance, claims=(first, *remittance.claims[1:]))
    text = write_835([crossed], PARTIES, ControlNumbers(5, 6, 7), CREATED)
    segments = text.split("~")
    patient = next(i for i, s in enumerate(segments) if s.startswith("NM1*QC"))
    assert segments[patient + 1] == "NM1*TT*2*LAKESHORE STATE MEDICAID*****PI*MCD01"
    assert pyx12_errors(text) == []
    (read,) = read_835(text)
    assert (read.claims[0].status, read.claims[0].crossover_payer_id) == ("19", "MCD01")
    assert read == crossed
