from datetime import UTC, datetime, timedelta

from rcm_claims.domain.lifecycle import ClaimEvent, ClaimState, ClaimStatus, apply_event

T0 = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)


def _run(*steps: tuple[ClaimEvent, str, int]) -> ClaimState:
    state = ClaimState()
    for event, event_id, minutes in steps:
        state = apply_event(state, event, event_id, T0 + timedelta(minutes=minutes)).state
    return state


SUBMITTED = (
    (ClaimEvent.SCRUB_PASSED, "e1", 0),
    (ClaimEvent.SUBMITTED, "e2", 1),
    (ClaimEvent.ACKNOWLEDGED, "e3", 2),
)


def test_denied_then_paid_leaves_the_claim_paid_with_the_whole_history() -> None:
    state = _run(*SUBMITTED, (ClaimEvent.DENIED, "e4", 10), (ClaimEvent.PAID, "e5", 20))
    assert state.status is ClaimStatus.PAID
    assert [entry.event for entry in state.history] == [
        ClaimEvent.SCRUB_PASSED,
        ClaimEvent.SUBMITTED,
        ClaimEvent.ACKNOWLEDGED,
        ClaimEvent.DENIED,
        ClaimEvent.PAID,
    ]
    assert [entry.to_status for entry in state.history][-2:] == [ClaimStatus.DENIED, ClaimStatus.PAID]


def test_duplicate_event_id_changes_nothing() -> None:
    state = _run(*SUBMITTED, (ClaimEvent.PAID, "e4", 10))
    again = apply_event(state, ClaimEvent.PAID, "e4", T0 + timedelta(minutes=10))
    assert again.outcome == "duplicate" and again.state == state


def test_older_denial_arriving_after_payment_is_recorded_as_stale() -> None:
    state = _run(*SUBMITTED, (ClaimEvent.PAID, "e5", 20))
    late = apply_event(state, ClaimEvent.DENIED, "e4", T0 + timedelta(minutes=10))
    assert late.outcome == "stale"
    assert late.state.status is ClaimStatus.PAID
    assert late.state.history[-1].outcome == "stale"


def test_late_acknowledgement_after_payment_does_not_move_the_state() -> None:
    state = _run(
        (ClaimEvent.SCRUB_PASSED, "e1", 0), (ClaimEvent.SUBMITTED, "e2", 1), (ClaimEvent.PAID, "e4", 20)
    )
    late = apply_event(state, ClaimEvent.ACKNOWLEDGED, "e3", T0 + timedelta(minutes=30))
    assert late.outcome == "stale" and late.state.status is ClaimStatus.PAID


def test_illegal_transition_is_refused() -> None:
    refused = apply_event(ClaimState(), ClaimEvent.PAID, "x", T0)
    assert refused.outcome == "refused" and refused.state == ClaimState()


def test_reversal_then_repayment() -> None:
    state = _run(
        *SUBMITTED, (ClaimEvent.PAID, "e4", 10), (ClaimEvent.REVERSED, "e5", 20), (ClaimEvent.PAID, "e6", 21)
    )
    assert state.status is ClaimStatus.PAID and len(state.history) == 6


def test_a_split_claims_denied_piece_after_its_paid_piece_leaves_it_partially_paid() -> None:
    paid = _run(*SUBMITTED, (ClaimEvent.PAID, "e4", 10))
    piece = apply_event(paid, ClaimEvent.DENIED, "e5", T0 + timedelta(minutes=20))
    assert piece.outcome == "applied"
    assert piece.state.status is ClaimStatus.PARTIALLY_PAID
    assert piece.state.history[-1].from_status is ClaimStatus.PAID


def test_later_pieces_of_a_partially_paid_claim_keep_it_partially_paid_until_a_full_payment() -> None:
    state = _run(
        *SUBMITTED,
        (ClaimEvent.PAID, "e4", 10),
        (ClaimEvent.PARTIALLY_PAID, "e5", 20),
        (ClaimEvent.DENIED, "e6", 30),
    )
    assert state.status is ClaimStatus.PARTIALLY_PAID and len(state.history) == 6
    assert (
        _run(*SUBMITTED, (ClaimEvent.DENIED, "e4", 10), (ClaimEvent.PAID, "e5", 20)).status
        is ClaimStatus.PAID
    )


def test_an_older_denied_piece_arriving_after_a_newer_payment_is_still_stale() -> None:
    state = _run(*SUBMITTED, (ClaimEvent.PAID, "e5", 20))
    late = apply_event(state, ClaimEvent.DENIED, "e4", T0 + timedelta(minutes=10))
    assert late.outcome == "stale" and late.state.status is ClaimStatus.PAID
