"""Fixtures shared by unit tests."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def clean_claimwire_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CLAIMWIRE_* variables from the outside: settings come from the test alone."""
    for name in list(os.environ):
        if name.startswith("CLAIMWIRE_"):
            monkeypatch.delenv(name)
