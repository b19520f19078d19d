"""Claim status category codes (STC01-1 of a 277) and the few claim status codes (STC01-2) we send, with our
own labels: what a biller reads in the claim's timeline instead of the bare code."""

from __future__ import annotations

from enum import StrEnum


class StatusGroup(StrEnum):
    """What a category means for the claim's follow-up."""

    ACKNOWLEDGED = "acknowledged"
    PENDING = "pending"
    FINALIZED = "finalized"
    ERROR = "error"
    UNKNOWN = "unknown"


CATEGORY_LABELS: dict[str, str] = {
    "A1": "Acknowledged: received",
    "A2": "Acknowledged: accepted into the payer's system",
    "A3": "Acknowledged: returned as unprocessable",
    "A7": "Acknowledged: rejected for invalid information",
    "D0": "Data search unsuccessful: no claim found",
    "E0": "Error: response not possible, system status",
    "E1": "Error: response not possible, the payer's system is down",
    "E2": "Error: information holder not responding, resubmit later",
    "E3": "Error: correction required, resubmit the inquiry",
    "E4": "Error: trading partner agreement specific",
    "F0": "Finalized: adjudication complete, no payment forthcoming",
    "F1": "Finalized: payment, the claim will be paid",
    "F2": "Finalized: denied",
    "F3": "Finalized: revised, adjudication information changed",
    "F4": "Finalized: adjudication complete, no payment forthcoming",
    "P0": "Pending: adjudication or payment cycle",
    "P1": "Pending: in process",
    "P2": "Pending: under payer review",
    "P3": "Pending: waiting for information the payer requested",
    "P4": "Pending: the patient's eligibility or coverage is being checked",
}

STATUS_CODE_LABELS: dict[str, str] = {
    "1": "see the remittance advice for details",
    "3": "adjudicated, awaiting the payment cycle",
    "20": "accepted for processing",
    "21": "missing or invalid information",
    "35": "claim not found",
    "65": "paid",
}


def status_group(category: str) -> StatusGroup:
    """The follow-up group of a category code; anything unknown is UNKNOWN (a person looks at it)."""
    if category not in CATEGORY_LABELS:
        return StatusGroup.UNKNOWN
    return {
        "A": StatusGroup.ACKNOWLEDGED,
        "P": StatusGroup.PENDING,
        "F": StatusGroup.FINALIZED,
        "E": StatusGroup.ERROR,
        "D": StatusGroup.ERROR,
    }[category[0]]


def status_label(category: str, status_code: str = "") -> str:
    """`P1 Pending: in process (20 accepted for processing)`-style text for people."""
    label = CATEGORY_LABELS.get(category, "unknown status category")
    detail = STATUS_CODE_LABELS.get(status_code)
    if status_code and detail:
        return f"{label} ({status_code} {detail})"
    return f"{label} ({status_code})" if status_code else label
