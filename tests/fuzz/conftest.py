"""Fuzzing profiles: `ci` (the CI environment variable is set) keeps the whole fuzz run within
about a minute and a half on CI's two cores; `dev` tries more examples locally. Both are
derandomized in CI so a red run can be replayed; HYPOTHESIS_PROFILE picks one by name."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Deadline off: a request's time varies with the machine's load, not with the input. No
# example database: no .hypothesis folder in the checkout.
SUPPRESSED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile(
    "ci",
    max_examples=25,
    derandomize=True,
    print_blob=True,
    deadline=None,
    suppress_health_check=SUPPRESSED,
    database=None,
)
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=SUPPRESSED, database=None
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
