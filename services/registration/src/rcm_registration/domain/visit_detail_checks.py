"""Cross-field rules of a visit's 837P details: dates against the date of service, the site against the clinic."""

from __future__ import annotations

from rcm_registration.domain.cross_checks import FieldProblem
from rcm_registration.domain.encounter import VisitDetails
from rcm_registration.domain.providers import Clinic


def visit_detail_problems(visit: VisitDetails, clinic: Clinic | None) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if visit.onset_date is not None and visit.onset_date > visit.date_of_service:
        problems.append(
            FieldProblem(("onset_date",), "onset date cannot be after the date of service", "date_order")
        )
    causes = visit.related_causes
    if (
        causes is not None
        and causes.accident_date is not None
        and causes.accident_date > visit.date_of_service
    ):
        problems.append(
            FieldProblem(
                ("related_causes", "accident_date"),
                "accident date cannot be after the date of service",
                "date_order",
            )
        )
    if (
        visit.service_site_id is not None
        and clinic is not None
        and clinic.site(visit.service_site_id) is None
    ):
        problems.append(FieldProblem(("service_site_id",), "no such site at this clinic", "not_found"))
    return problems
