"""ClearinghouseGateway over folders, the way SFTP clearinghouses work.

    <root>/outbound/            837P files we send (an SFTP job pushes them to the clearinghouse)
    <root>/inbound/             999, 277CA and 835 files the clearinghouse drops for us
    <root>/inbound/processed/   files read successfully (kept: the 835 is a financial record)
    <root>/inbound/failed/      files that could not be read, kept for an operator

Writes go to a hidden temporary name and are renamed into place, so a pusher never picks up half a file;
hidden files in inbound are skipped for the same reason on the way in.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from rcm_x12 import X12Error, read_277ca, read_835, read_999

from rcm_clearinghouse.service.claim_acknowledgment import outcomes_from_277ca
from rcm_clearinghouse.service.file_acknowledgment import scan_envelope
from rcm_clearinghouse.service.outcomes import (
    ClaimAcknowledgmentOutcome,
    FileAcknowledgment,
    FileProblem,
    InboundDocuments,
    RemittanceDocument,
)
from rcm_clearinghouse.service.ports import SubmissionReceipt

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_text(text, encoding="ascii")
    os.replace(temporary, path)


def _transaction_set_id(text: str) -> str:
    """ST01 of the first transaction, read leniently so the right reader can give the real error."""
    match = re.search(r"(?:^|[~\n])\s*ST(.)(\d{3})", text)
    return match.group(2) if match else ""


def _file_acknowledgments(text: str) -> list[FileAcknowledgment]:
    acknowledged = []
    for group in read_999(text):
        rejected = [ts for ts in group.transaction_sets if ts.status == "R"] or []
        error = next((e for ts in rejected for e in ts.segment_errors), None)
        problem = None
        if group.status == "R":
            problem = FileProblem(
                reason="rejected by the clearinghouse (999)",
                segment=error.segment_id if error else None,
                segment_position=error.position if error else None,
                element_position=error.element_errors[0].position if error and error.element_errors else None,
                error_code=error.error_code if error else (group.error_codes or ("",))[0],
            )
        # 999 AK102 echoes our GS06, which the claims service sets equal to ISA13 for each 837 file.
        acknowledged.append(
            FileAcknowledgment(group.group_control_number, group.status in ("A", "E"), problem, (), text)
        )
    return acknowledged


def _remittances(text: str, file_name: str) -> list[RemittanceDocument]:
    documents = []
    for remittance in read_835(text):
        withheld = sum(
            (i.amount for adj in remittance.provider_adjustments for i in adj.items), Decimal("0.00")
        )
        payer_id = remittance.payer.additional_id or remittance.payer.identifier or remittance.payer.name
        documents.append(
            RemittanceDocument(
                trace_number=remittance.trace_number,
                payer_id=payer_id,
                payer_name=remittance.payer.name or None,
                payment_amount=remittance.payment_amount,
                payment_method=remittance.payment_method or None,
                payment_date=remittance.payment_date,
                claim_count=len(remittance.claims),
                provider_adjustment_total=withheld,
                x12_835=text,
                source="file_drop",
                file_name=file_name,
                claim_ids=tuple(claim.claim_id for claim in remittance.claims),
            )
        )
    return documents


class FileDropGateway:
    def __init__(self, root: Path) -> None:
        self.outbound = root / "outbound"
        self.inbound = root / "inbound"
        self.processed = self.inbound / "processed"
        self.failed = self.inbound / "failed"
        for folder in (self.outbound, self.inbound, self.processed, self.failed):
            folder.mkdir(parents=True, exist_ok=True)

    async def submit(self, submission_id: str, x12_837p: str) -> SubmissionReceipt:
        if not SAFE_NAME.fullmatch(submission_id):
            raise ValueError(f"submission id {submission_id!r} is not safe as a file name")
        path = self.outbound / f"{submission_id}.837"
        if path.exists():
            # At-least-once delivery: a replayed ClaimSubmitted must not send the same file twice.
            return SubmissionReceipt(submission_id, None, path.name)
        await asyncio.to_thread(_write_atomically, path, x12_837p)
        return SubmissionReceipt(submission_id, None, path.name)

    async def poll(self) -> InboundDocuments:
        return await asyncio.to_thread(self._poll_now)

    def _poll_now(self) -> InboundDocuments:
        files: list[FileAcknowledgment] = []
        claims: list[ClaimAcknowledgmentOutcome] = []
        remittances: list[RemittanceDocument] = []
        unreadable: list[str] = []
        read: list[str] = []
        for path in sorted(p for p in self.inbound.iterdir() if p.is_file() and not p.name.startswith(".")):
            try:
                text = path.read_text(encoding="ascii")
                kind = _transaction_set_id(text)
                if kind == "999":
                    files.extend(_file_acknowledgments(text))
                elif kind == "277":
                    interchange = scan_envelope(text).interchange_control_number
                    claims.extend(outcomes_from_277ca(read_277ca(text), interchange))
                elif kind == "835":
                    remittances.extend(_remittances(text, path.name))
                else:
                    raise X12Error(f"unexpected transaction set {kind!r}")
            except (X12Error, UnicodeDecodeError):
                unreadable.append(path.name)
                os.replace(path, self.failed / path.name)
                continue
            read.append(path.name)
        return InboundDocuments(
            tuple(files), tuple(claims), tuple(remittances), tuple(unreadable), tuple(read)
        )

    async def done(self, files: Sequence[str]) -> None:
        """Move handled files to inbound/processed; until then a poll (after a crash, say) reads them again."""

        def move() -> None:
            for name in files:
                source = self.inbound / name
                if source.is_file():
                    os.replace(source, self.processed / name)

        await asyncio.to_thread(move)
