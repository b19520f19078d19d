"""How long a payer takes from a clean submission to the 835 (workload-params §5d).

Medicare FFS: a fixed floor plus weekday batching jitter. Others: lognormal with the published median and
90th percentile, capped by the payer's ceiling when it has one.
"""

from __future__ import annotations

import math
import random

from rcm_codesets import DaysToPay

# z-score of the 90th percentile of a standard normal: sigma = ln(p90 / median) / Z90.
Z90 = 1.2815515655446004
# Without a published p90, assume p90 is twice the median (ASSUMPTION; the §5d tables all sit near 2x).
DEFAULT_P90_RATIO = 2.0
# Nobody pays the same day: an 835 needs at least one payment cycle.
MINIMUM_DAYS = 1


def draw_days_to_pay(policy: DaysToPay, draws: random.Random) -> int:
    days: int
    if policy.distribution == "fixed_plus_jitter":
        days = policy.median_days + draws.randint(0, policy.jitter_max_days)
    else:
        median = float(policy.median_days)
        p90 = float(policy.p90_days) if policy.p90_days else median * DEFAULT_P90_RATIO
        sigma = math.log(p90 / median) / Z90
        days = round(draws.lognormvariate(math.log(median), sigma))
    if policy.ceiling_days is not None:
        days = min(days, policy.ceiling_days)
    return max(days, MINIMUM_DAYS)
