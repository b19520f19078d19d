from datetime import date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError
from rcm_denials.domain.billing_models import TYPICAL_HYBRID_OWNERS, BillingModel, Team, TenantBillingConfig
from rcm_denials.domain.denial_facts import RecommendedAction, RootCause, WorkQueue
from rcm_denials.domain.work_items import WorkItem, prioritised, worklist

Q = WorkQueue
IN_HOUSE = TenantBillingConfig(tenant_id="clinic-a", billing_model=BillingModel.IN_HOUSE)
OUTSOURCED = TenantBillingConfig(tenant_id="clinic-b", billing_model=BillingModel.OUTSOURCED)
HYBRID = TenantBillingConfig(
    tenant_id="clinic-c",
    billing_model=BillingModel.HYBRID,
    queue_owners=dict(TYPICAL_HYBRID_OWNERS),
    specialty_claims_team=Team.BILLING_COMPANY,
)


@pytest.mark.parametrize("queue", list(WorkQueue))
def test_in_house_and_outsourced_send_every_queue_to_one_team(queue):
    assert IN_HOUSE.team_for(queue) is Team.CLINIC
    assert OUTSOURCED.team_for(queue) is Team.BILLING_COMPANY


def test_hybrid_clinic_codes_and_billing_company_appeals():
    assert HYBRID.team_for(Q.CODING) is Team.CLINIC
    assert HYBRID.team_for(Q.FRONT_DESK) is Team.CLINIC
    assert HYBRID.team_for(Q.APPEALS) is Team.BILLING_COMPANY
    assert HYBRID.team_for(Q.CODING, specialty_claim=True) is Team.BILLING_COMPANY


def test_hybrid_must_name_every_queue_and_single_team_models_take_no_owners():
    with pytest.raises(ValidationError, match="missing"):
        TenantBillingConfig(
            tenant_id="t", billing_model=BillingModel.HYBRID, queue_owners={Q.CODING: Team.CLINIC}
        )
    with pytest.raises(ValidationError, match="hybrid"):
        TenantBillingConfig(
            tenant_id="t", billing_model=BillingModel.IN_HOUSE, queue_owners={Q.CODING: Team.CLINIC}
        )


def test_configuration_change_is_a_new_validated_version():
    changed = IN_HOUSE.changed(
        billing_model=BillingModel.HYBRID,
        queue_owners=dict(TYPICAL_HYBRID_OWNERS),
        changed_by="admin@clinic-a",
    )
    assert (changed.version, changed.team_for(Q.APPEALS)) == (2, Team.BILLING_COMPANY)
    with pytest.raises(ValidationError):
        IN_HOUSE.changed(billing_model=BillingModel.HYBRID, changed_by="admin@clinic-a")


def item(item_id: str, amount: str, deadline: date | None, queue: WorkQueue = Q.BILLING) -> WorkItem:
    return WorkItem(
        work_item_id=item_id,
        tenant_id="t",
        claim_id=f"claim-{item_id}",
        denial_id="d",
        payer_id="NWHP1",
        queue=queue,
        team=Team.CLINIC,
        root_cause=RootCause.OTHER,
        recommended_action=RecommendedAction.CORRECT_AND_RESUBMIT,
        rule_id="DEN-DEFAULT-REVIEW",
        amount_at_risk=Decimal(amount),
        deadline=deadline,
        created_at=datetime(2025, 3, 1, 9, 0),
    )


def test_urgent_deadlines_first_then_money_then_missed_deadlines():
    today = date(2025, 3, 10)
    items = [
        item("big-later", "900.00", date(2025, 6, 1)),
        item("small-urgent-late", "50.00", date(2025, 3, 20)),
        item("small-urgent-soon", "40.00", date(2025, 3, 12)),
        item("expired", "5000.00", date(2025, 3, 1)),
        item("no-deadline", "300.00", None),
        item("mid-later", "300.00", date(2025, 5, 1)),
    ]
    order = [entry.work_item_id for entry in prioritised(items, today)]
    assert order == [
        "small-urgent-soon",
        "small-urgent-late",
        "big-later",
        "no-deadline",
        "mid-later",
        "expired",
    ]


def test_worklist_filters_queue_and_hides_done_items():
    today = date(2025, 3, 10)
    items = [
        item("a", "10.00", None, Q.CODING),
        item("b", "20.00", None, Q.APPEALS),
        item("c", "30.00", None).done(),
    ]
    assert [entry.work_item_id for entry in worklist(items, today, queue=Q.CODING)] == ["a"]
    assert [entry.work_item_id for entry in worklist(items, today)] == ["b", "a"]
