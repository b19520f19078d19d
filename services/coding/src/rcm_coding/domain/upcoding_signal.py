"""Upcoding signal: each provider's office-visit level distribution against the rest of the clinic.

A screening signal for a compliance review, not a verdict: a provider with sicker patients legitimately bills
higher levels. Two tests, either flags: share of level 4-5 visits above peers by more than a margin, and a
chi-square distance of the whole distribution from the peers' (df = 4 levels - 1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rcm_coding.domain.procedure_groups import EM_LEVEL

LEVELS = (2, 3, 4, 5)
HIGH_LEVELS = frozenset({4, 5})


@dataclass(frozen=True, slots=True)
class UpcodingConfig:
    min_visits: int = 20
    high_share_margin: float = 0.20
    # 99th percentile of chi-square with 3 degrees of freedom.
    chi_square_limit: float = 11.34
    # The chi-square test alone fires on any different mix (e.g. more level 2s); it only counts as an
    # upcoding signal with at least this excess of level 4-5 visits over peers.
    chi_square_min_excess: float = 0.05


@dataclass(frozen=True, slots=True)
class ProviderLevelProfile:
    provider_id: str
    visits: int
    level_counts: dict[int, int]
    high_level_share: float
    peer_high_level_share: float
    high_share_difference: float
    chi_square: float
    flagged: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UpcodingReport:
    clinic_id: str
    clinic_level_counts: dict[int, int]
    providers: tuple[ProviderLevelProfile, ...]

    @property
    def flagged(self) -> tuple[ProviderLevelProfile, ...]:
        return tuple(profile for profile in self.providers if profile.flagged)


def _level_counts(codes: Iterable[str]) -> Counter[int]:
    # Level 1 (99211, nurse visit) is left out: it is not a physician's level choice.
    return Counter(level for code in codes if (level := EM_LEVEL.get(code, 0)) in LEVELS)


def _high_share(counts: Counter[int]) -> float:
    total = sum(counts.values())
    return sum(counts[level] for level in HIGH_LEVELS) / total if total else 0.0


def _chi_square(observed: Counter[int], peers: Counter[int]) -> float:
    visits, peer_total = sum(observed.values()), sum(peers.values())
    statistic = 0.0
    for level in LEVELS:
        # Add-one smoothing: a level no peer used must not divide by zero.
        expected = visits * (peers[level] + 1) / (peer_total + len(LEVELS))
        statistic += (observed[level] - expected) ** 2 / expected
    return statistic


def upcoding_report(
    clinic_id: str, visits: Iterable[tuple[str, str]], config: UpcodingConfig | None = None
) -> UpcodingReport:
    """visits: (provider_id, office visit code) pairs for one clinic and period."""
    chosen = config or UpcodingConfig()
    by_provider: dict[str, list[str]] = {}
    for provider_id, code in visits:
        by_provider.setdefault(provider_id, []).append(code)
    counts = {provider: _level_counts(codes) for provider, codes in by_provider.items()}
    clinic = sum(counts.values(), Counter[int]())
    profiles = []
    for provider_id in sorted(counts):
        own = counts[provider_id]
        peers = clinic - own
        share, peer_share = _high_share(own), _high_share(peers)
        chi_square = _chi_square(own, peers) if peers else 0.0
        excess = share - peer_share
        reasons: list[str] = []
        enough = sum(own.values()) >= chosen.min_visits and sum(peers.values()) > 0
        if enough and excess > chosen.high_share_margin:
            reasons.append(f"level 4-5 share {share:.0%} vs peers {peer_share:.0%}")
        if enough and chi_square > chosen.chi_square_limit and excess >= chosen.chi_square_min_excess:
            reasons.append(f"level distribution differs from peers (chi-square {chi_square:.1f})")
        profiles.append(
            ProviderLevelProfile(
                provider_id,
                sum(own.values()),
                {level: own[level] for level in LEVELS},
                round(share, 4),
                round(peer_share, 4),
                round(excess, 4),
                round(chi_square, 2),
                bool(reasons),
                tuple(reasons),
            )
        )
    return UpcodingReport(clinic_id, {level: clinic[level] for level in LEVELS}, tuple(profiles))
