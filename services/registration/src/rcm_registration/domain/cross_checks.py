"""Rules that need more than one object or the payer directory, so pydantic field validators cannot hold them.

Each returns FieldProblems whose path is relative to the request body; the HTTP layer prefixes "body" and
answers with the kit's one 422 shape (rcm_platform.http.unprocessable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rcm_codesets import PayerType, place_of_service

from rcm_registration.domain.coverage import Coverage, CoverageDetails
from rcm_registration.domain.encounter import VisitDetails
from rcm_registration.domain.payer_lookup import payer_in_force
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class FieldProblem:
    path: FieldPath
    message: str
    code: str = "value_error"

    @property
    def dotted_path(self) -> str:
        """coverage_ids[0].member_id style, the form RegistrationProblem.field uses."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text


def coverage_field_problems(
    coverage: CoverageDetails, on: date, prefix: FieldPath = ()
) -> list[FieldProblem]:
    """Payer known to the directory on `on`, and the member id present and in that payer's format."""
    found = payer_in_force(coverage.payer_id, on)
    if found is None:
        return [
            FieldProblem(
                # The date is the request's own (effective date or date of service): not repeated back.
                (*prefix, "payer_id"),
                "payer is not in the payer directory on that date",
                "payer_unknown",
            )
        ]
    if found.payer_type == PayerType.SELF_PAY:
        return []
    if coverage.member_id is None:
        return [FieldProblem((*prefix, "member_id"), "member id is required for this payer", "missing")]
    if not found.member_id_is_valid(coverage.member_id):
        example = f" (e.g. {found.member_id_example})" if found.member_id_example else ""
        return [
            FieldProblem(
                (*prefix, "member_id"),
                f"member id does not match {found.name}'s member id format{example}",
                "member_id_format",
            )
        ]
    return []


def visit_problems(visit: VisitDetails, patient: Patient) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if visit.date_of_service < patient.birth_date:
        problems.append(
            FieldProblem(
                ("date_of_service",), "date of service is before the patient's birth date", "date_order"
            )
        )
    if place_of_service(visit.place_of_service, on=visit.date_of_service) is None:
        problems.append(
            FieldProblem(
                ("place_of_service",), "place of service is not in force on the date of service", "pos_date"
            )
        )
    return problems


def encounter_coverage_problems(
    visit: VisitDetails,
    patient: Patient,
    coverages: Sequence[Coverage | None],
    *,
    include_coverage_period: bool = True,
) -> list[FieldProblem]:
    """Coverages of an encounter, aligned with its coverage_ids: known, the patient's, one per order, in force

    include_coverage_period=False leaves "DOS outside the coverage period" to eligibility (coverage_inactive),
    for flows that must record the encounter and open a work item rather than refuse it.
    """
    problems: list[FieldProblem] = []
    orders_seen: set[str] = set()
    for index, coverage in enumerate(coverages):
        path: FieldPath = ("coverage_ids", index)
        if coverage is None:
            problems.append(FieldProblem(path, "no such coverage for this tenant", "not_found"))
            continue
        if coverage.patient_id != patient.patient_id:
            problems.append(FieldProblem(path, "coverage belongs to another patient", "wrong_patient"))
        if coverage.coverage_order in orders_seen:
            problems.append(
                FieldProblem(path, f"two coverages are {coverage.coverage_order}", "duplicate_order")
            )
        orders_seen.add(coverage.coverage_order)
        if include_coverage_period and not coverage.covers(visit.date_of_service):
            until = coverage.termination_date.isoformat() if coverage.termination_date else "open-ended"
            problems.append(
                FieldProblem(
                    ("date_of_service",),
                    f"date of service is outside the period of coverage_ids[{index}] "
                    f"({coverage.effective_date.isoformat()} to {until})",
                    "outside_coverage_period",
                )
            )
        problems.extend(coverage_field_problems(coverage, visit.date_of_service, path))
    return problems


def reference_problems(
    patient: Patient | None, clinic: Clinic | None, provider: Provider | None, clinic_id: str
) -> list[FieldProblem]:
    """The encounter's references resolve (the caller looked them up within the tenant; None = not found)."""
    problems: list[FieldProblem] = []
    if patient is None:
        problems.append(FieldProblem(("patient_id",), "no such patient for this tenant", "not_found"))
    if clinic is None:
        problems.append(FieldProblem(("clinic_id",), "no such clinic for this tenant", "not_found"))
    if provider is None:
        problems.append(
            FieldProblem(("rendering_provider_id",), "no such provider for this tenant", "not_found")
        )
    elif provider.clinic_id != clinic_id:
        problems.append(
            FieldProblem(
                ("rendering_provider_id",), "provider does not practise at this clinic", "wrong_clinic"
            )
        )
    return problems
