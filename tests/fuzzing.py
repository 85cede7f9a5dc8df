"""The one setting for the fuzz tests (public forms, webhooks): FUZZ_EXAMPLES random inputs per
test, 150 in `make test` to keep it within its 15 minutes here, 1,000 in CI (.ci/run)."""

import os

from hypothesis import HealthCheck, settings

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
