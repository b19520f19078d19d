from rcm_coding.domain.upcoding_signal import UpcodingConfig, upcoding_report


def _visits(provider: str, level_counts: dict[str, int]) -> list[tuple[str, str]]:
    return [(provider, code) for code, count in level_counts.items() for _ in range(count)]


def test_provider_billing_mostly_level_4_5_is_flagged() -> None:
    peers_mix = {"99212": 10, "99213": 50, "99214": 30, "99215": 10}
    visits = _visits("dr-a", peers_mix) + _visits("dr-b", peers_mix)
    visits += _visits("dr-up", {"99213": 10, "99214": 50, "99215": 40})
    report = upcoding_report("clinic-1", visits)
    assert [profile.provider_id for profile in report.flagged] == ["dr-up"]
    flagged = report.flagged[0]
    assert flagged.high_level_share == 0.9 and flagged.peer_high_level_share == 0.4
    assert len(flagged.reasons) == 2 and flagged.chi_square > 11.34
    assert report.clinic_level_counts[4] == 110


def test_small_samples_and_providers_at_peer_level_are_not_flagged() -> None:
    visits = _visits("dr-a", {"99213": 40, "99214": 10}) + _visits("dr-few", {"99215": 5})
    visits += _visits("dr-b", {"99212": 5, "99213": 40, "99214": 5})
    report = upcoding_report("clinic-1", visits, UpcodingConfig(min_visits=20))
    assert report.flagged == ()


def test_nurse_visits_and_other_codes_are_ignored() -> None:
    report = upcoding_report("clinic-1", [("dr-a", "99211"), ("dr-a", "20610"), ("dr-a", "99213")])
    assert report.providers[0].visits == 1
