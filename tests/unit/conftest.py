"""Fixtures shared by unit tests."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed: hypothesis's default 200 ms deadline per example is a timed assertion
# that a busy machine (CI's, or a benchmark running beside the tests) fails without any bug.
settings.register_profile("claimwire", deadline=None)
settings.load_profile("claimwire")


@pytest.fixture
def clean_claimwire_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CLAIMWIRE_* variables from the outside: settings come from the test alone."""
    for name in list(os.environ):
        if name.startswith("CLAIMWIRE_"):
            monkeypatch.delenv(name)
