"""837P (005010X222A1) reader: X12 text back into the claim837 dataclasses (one ClaimFile per ST)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from rcm_x12.claim837 import (
    Address,
    BillingProvider,
    Claim,
    ClaimFile,
    ClaimTransmission,
    Patient,
    Payer,
    Receiver,
    RenderingProvider,
    ServiceLine,
    Submitter,
    Subscriber,
)
from rcm_x12.cob837p import OtherPayerReader, line_adjudications, read_line_adjudication
from rcm_x12.envelope import ControlNumbers, TransactionSlice, split_transactions
from rcm_x12.errors import X12ParseError
from rcm_x12.reader837p_details import (
    CLAIM_PROVIDERS,
    FACILITY,
    LINE_PROVIDERS,
    claim_details,
    claim_segment,
    clm_details,
    line_details,
    line_provider_taxonomy,
    line_segment,
    named_provider,
)
from rcm_x12.segments import Segment, element_at, parse_amount, parse_date, parse_quantity


def _address(fields: dict[str, Any]) -> Address | None:
    if "line1" not in fields and "city" not in fields:
        return None
    return Address(
        line1=fields.get("line1", ""),
        city=fields.get("city", ""),
        state=fields.get("state", ""),
        postal_code=fields.get("postal_code", ""),
        line2=fields.get("line2", ""),
    )


def _required_address(fields: dict[str, Any], what: str, position: int) -> Address:
    address = _address(fields)
    if address is None:
        raise X12ParseError(f"{what} has no N3/N4 address", "NM1", position)
    return address


class _ClaimFileReader:
    """Walks one transaction; entity dicts collect fields until the next HL/CLM closes them."""

    def __init__(self, piece: TransactionSlice, component: str) -> None:
        self.piece = piece
        self.component = component
        self.entities: dict[str, dict[str, Any]] = {}
        self.current = ""
        self.claims: list[Claim] = []
        self.claim: dict[str, Any] | None = None
        self.line: dict[str, Any] | None = None
        self.header: dict[str, Any] = {}
        self.other_payers = OtherPayerReader()

    def read(self) -> ClaimFile:
        position = self.piece.first_position
        for offset, segment in enumerate(self.piece.segments):
            self._segment(segment, position + offset)
        self._close_claim()
        submitter = self.entities.get("41", {})
        receiver = self.entities.get("40", {})
        transmission = ClaimTransmission(
            parties=self.piece.parties,
            submitter=Submitter(
                submitter.get("name", ""),
                submitter.get("id", ""),
                submitter.get("contact_name", ""),
                submitter.get("contact_phone", ""),
            ),
            receiver=Receiver(receiver.get("name", ""), receiver.get("id", "")),
            created=self.header.get("created") or self.piece.created or datetime(1900, 1, 1),
            reference_id=self.header.get("reference_id", ""),
        )
        controls = ControlNumbers(
            int(self.piece.interchange_control_number),
            int(self.piece.group_control_number),
            int(self.piece.control_number),
        )
        return ClaimFile(transmission=transmission, controls=controls, claims=self.claims)

    def _segment(self, seg: Segment, pos: int) -> None:
        tag = seg[0]
        # Loops 2320/2330 (after the claim's SBR) and 2430 (in a line) hold another payer's subscriber, payer
        # and decision: read apart, so they never overwrite this claim's own subscriber and payer.
        if self.claim is not None and self.line is None and self.other_payers.segment(seg, pos):
            return
        if self.line is not None and read_line_adjudication(seg, pos, self.line, self.component):
            return
        if tag == "BHT":
            self.header["reference_id"] = element_at(seg, 3)
            try:
                self.header["created"] = datetime.strptime(
                    element_at(seg, 4) + element_at(seg, 5)[:4], "%Y%m%d%H%M"
                )
            except ValueError:
                raise X12ParseError("invalid BHT date/time", "BHT", pos, 4) from None
        elif tag == "HL":
            self._close_claim()
            level = element_at(seg, 3)
            if level == "22":
                for key in ("IL", "PR", "QC", "SBR"):
                    self.entities.pop(key, None)
            elif level == "23":
                self.entities.pop("QC", None)
            elif level == "20":
                self.entities.pop("85", None)
        elif tag == "NM1":
            self._nm1(seg, pos)
        elif tag == "PER" and self.current == "41":
            self.entities["41"].update(contact_name=element_at(seg, 2), contact_phone=element_at(seg, 4))
        elif tag == "N3" and self.current:
            self.entities[self.current].update(line1=element_at(seg, 1), line2=element_at(seg, 2))
        elif tag == "N4" and self.current:
            self.entities[self.current].update(
                city=element_at(seg, 1), state=element_at(seg, 2), postal_code=element_at(seg, 3)
            )
        elif tag == "DMG" and self.current:
            self.entities[self.current].update(birth_date=parse_date(seg, 2, pos), gender=element_at(seg, 3))
        elif tag == "SBR":
            self.entities["SBR"] = {
                "responsibility": element_at(seg, 1),
                "group": element_at(seg, 3),
                "filing": element_at(seg, 9),
            }
        elif tag == "PAT":
            self.entities["QC"] = {"relationship": element_at(seg, 1)}
        elif tag == "REF":
            self._ref(seg)
        elif tag == "PRV":
            self._prv(seg)
        elif tag == "CLM":
            self._open_claim(seg, pos)
        elif self.claim is not None:
            self._claim_segment(seg, pos)

    def _nm1(self, seg: Segment, pos: int) -> None:
        code = element_at(seg, 1)
        fields = {
            "name": element_at(seg, 3),
            "last": element_at(seg, 3),
            "first": element_at(seg, 4),
            "middle": element_at(seg, 5),
            "id": element_at(seg, 9),
        }
        if self.line is not None:  # loops 2420A-H
            if code in LINE_PROVIDERS:
                self.line[LINE_PROVIDERS[code]] = named_provider(seg)
            self.line["open_loop"] = code
            self.current = ""
            return
        if code == "82" and self.claim is not None:
            self.claim["rendering"] = RenderingProvider(fields["last"], fields["first"], fields["id"])
            self.current = ""
            return
        if code in CLAIM_PROVIDERS and self.claim is not None:
            self.claim[CLAIM_PROVIDERS[code]] = named_provider(seg)
            self.current = ""
            return
        if code == FACILITY and self.claim is not None:
            self.entities[FACILITY] = fields  # its N3/N4 follow and land here
            self.current = FACILITY
            return
        self.entities.setdefault(code, {}).update(fields)
        self.current = code

    def _prv(self, seg: Segment) -> None:
        """PRV*BI opens loop 2000A, before NM1*85; PRV*PE follows NM1*82 in loop 2310B (or 2420A in a line)."""
        role, taxonomy = element_at(seg, 1), element_at(seg, 3)
        if self.line is not None:
            line_provider_taxonomy(seg, self.line)
        elif role == "BI" and self.claim is None:
            self.entities.setdefault("85", {})["taxonomy"] = taxonomy
        elif role == "PE" and self.claim is not None and "rendering" in self.claim:
            self.claim["rendering"] = replace(self.claim["rendering"], taxonomy_code=taxonomy)

    def _ref(self, seg: Segment) -> None:
        qualifier, value = element_at(seg, 1), element_at(seg, 2)
        if self.line is not None:
            self._line_ref(qualifier, value)
        elif self.claim is not None and qualifier == "G1":
            self.claim["prior_auth"] = value
        elif self.claim is not None and qualifier == "F8":
            self.claim["original"] = value
        elif self.claim is not None and qualifier == "X4":
            self.claim["clia"] = value
        elif qualifier == "EI" and "85" in self.entities:
            self.entities["85"]["tax_id"] = value

    def _line_ref(self, qualifier: str, value: str) -> None:
        assert self.line is not None
        if qualifier == "6R":
            self.line["control"] = value
        elif qualifier == "X4":
            self.line["clia"] = value
        elif qualifier == "XZ" and self.line.get("open_loop") == "2410":
            self.line["drug"]["prescription"] = value

    def _open_claim(self, seg: Segment, pos: int) -> None:
        self._close_claim()
        place = element_at(seg, 5).split(self.component)
        self.claim = {
            "id": element_at(seg, 1),
            "charge": parse_amount(seg, 2, pos),
            "position": pos,
            "place": place[0],
            "frequency": place[2] if len(place) > 2 else "1",
            "diagnoses": [],
            "lines": [],
        }
        clm_details(seg, self.component, self.claim)
        self.other_payers = OtherPayerReader()
        self.entities.pop(FACILITY, None)
        self.current = ""

    def _claim_segment(self, seg: Segment, pos: int) -> None:
        assert self.claim is not None
        tag = seg[0]
        if tag == "HI":
            for value in seg[1:]:
                parts = value.split(self.component)
                if len(parts) > 1 and parts[0] in ("ABK", "ABF", "BK", "BF"):
                    self.claim["diagnoses"].append(parts[1])
        elif tag == "LX":
            self._close_line()
            self.line = {}
        elif tag == "SV1" and self.line is not None:
            procedure = element_at(seg, 1).split(self.component)
            pointers = element_at(seg, 7).split(self.component) if element_at(seg, 7) else []
            if not all(pointer.isdigit() for pointer in pointers):
                raise X12ParseError("diagnosis pointers must be numeric", "SV1", pos, 7)
            self.line.update(
                code=element_at(procedure, 1),
                modifiers=tuple(m for m in procedure[2:] if m),
                charge=parse_amount(seg, 2, pos),
                units=parse_quantity(seg, 4, pos) or Decimal(1),
                pointers=tuple(int(pointer) for pointer in pointers),
            )
        elif tag == "DTP" and self.line is not None and element_at(seg, 1) == "472":
            self.line["date"] = parse_date(seg, 3, pos)
        elif self.line is None:
            claim_segment(seg, pos, self.claim)
        else:
            line_segment(seg, pos, self.line, self.component)

    def _close_line(self) -> None:
        if self.line is None or self.claim is None:
            return
        line = self.line
        if "code" not in line or "date" not in line:
            raise X12ParseError("service line without SV1 or DTP*472", "LX", self.claim["position"])
        self.claim["lines"].append(
            ServiceLine(
                procedure_code=line["code"],
                charge=line["charge"],
                units=line["units"],
                service_date=line["date"],
                diagnosis_pointers=line["pointers"],
                modifiers=line["modifiers"],
                line_control_number=line.get("control", ""),
                adjudications=line_adjudications(line),
                **line_details(line),
            )
        )
        self.line = None

    def _close_claim(self) -> None:
        if self.claim is None:
            return
        self._close_line()
        data, pos = self.claim, self.claim["position"]
        self.claim = None
        provider, member, sbr = (
            self.entities.get("85", {}),
            self.entities.get("IL", {}),
            self.entities.get("SBR", {}),
        )
        payer, patient = self.entities.get("PR", {}), self.entities.get("QC")
        claim = Claim(
            claim_id=data["id"],
            billing_provider=BillingProvider(
                provider.get("name", ""),
                provider.get("id", ""),
                provider.get("tax_id", ""),
                _required_address(provider, "billing provider", pos),
                provider.get("taxonomy", ""),
            ),
            subscriber=Subscriber(
                last_name=member.get("last", ""),
                first_name=member.get("first", ""),
                member_id=member.get("id", ""),
                birth_date=member.get("birth_date") or parse_date(["DMG"], 2, pos),
                gender=member.get("gender", ""),
                address=_required_address(member, "subscriber", pos),
                payer_responsibility=sbr.get("responsibility", ""),
                group_number=sbr.get("group", ""),
                claim_filing_indicator=sbr.get("filing", ""),
                middle_name=member.get("middle", ""),
            ),
            payer=Payer(payer.get("name", ""), payer.get("id", ""), _address(payer)),
            place_of_service=data["place"],
            diagnosis_codes=tuple(data["diagnoses"]),
            lines=tuple(data["lines"]),
            frequency_code=data["frequency"],
            patient=None
            if patient is None
            else Patient(
                patient.get("last", ""),
                patient.get("first", ""),
                patient.get("relationship", ""),
                patient.get("birth_date") or parse_date(["DMG"], 2, pos),
                patient.get("gender", ""),
                _required_address(patient, "patient", pos),
                patient.get("middle", ""),
            ),
            rendering_provider=data.get("rendering"),
            prior_authorization=data.get("prior_auth", ""),
            original_claim_number=data.get("original", ""),
            other_payers=self.other_payers.other_payers(),
            **claim_details(data, self.entities.pop(FACILITY, None)),
        )
        if claim.total_charge != data["charge"]:
            raise X12ParseError(
                f"CLM02 {data['charge']} does not equal the sum of line charges {claim.total_charge}",
                "CLM",
                pos,
                2,
            )
        self.claims.append(claim)


def read_837p(text: str) -> list[ClaimFile]:
    """Every 837 transaction in the file, with envelope data and claims."""
    separators, pieces = split_transactions(text, expected_id="837")
    return [_ClaimFileReader(piece, separators.component).read() for piece in pieces]
