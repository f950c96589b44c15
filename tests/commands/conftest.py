"""The command handlers' tests run on both store engines (their stores use `db_target`)."""

from __future__ import annotations

import pytest

from tests.pgtarget import BACKENDS


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
