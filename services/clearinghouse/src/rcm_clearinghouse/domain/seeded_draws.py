"""Seeded random streams keyed by what is being decided, so results never depend on processing order.

Every decision (deny this claim? which cause? how many days to pay?) gets its own stream derived from the
scenario seed and stable keys such as the claim id; adjudicating claims in another order, or one claim
alone, gives the same answers.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar

Choice = TypeVar("Choice")


def stream(seed: int, *keys: str) -> random.Random:
    # sha256 instead of hash(): Python salts str hashes per process, which would break replays.
    digest = hashlib.sha256("\x1f".join([str(seed), *keys]).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def stable_digits(length: int, seed: int, *keys: str) -> str:
    """A deterministic decimal string (trace numbers, payer claim numbers, control numbers)."""
    digest = hashlib.sha256("\x1f".join([str(seed), *keys]).encode()).hexdigest()
    return str(int(digest, 16))[-length:].zfill(length)


def happens(draws: random.Random, probability: Decimal) -> bool:
    return draws.random() < float(probability)


def weighted_choice(draws: random.Random, weights: Mapping[Choice, Decimal]) -> Choice:
    """Pick a key with probability proportional to its weight (weights need not sum to one)."""
    options = [(key, weight) for key, weight in weights.items() if weight > 0]
    if not options:
        raise ValueError("weighted_choice needs at least one positive weight")
    total = sum((weight for _, weight in options), Decimal(0))
    point = Decimal(str(draws.random())) * total
    running = Decimal(0)
    for key, weight in options:
        running += weight
        if point < running:
            return key
    return options[-1][0]
