"""`make demo`, the README's first command, works end to end: its own broker, the service, enriched output shown."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_demo_starts_a_broker_and_prints_every_sample_page_enriched(tmp_path: Path) -> None:
    """The demo prints a summary per sample page, with the seed's title and claims, and stops its broker."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWIRE_")}
    env |= {"CLAIMWIRE_KAFKA_STATE_DIR": str(tmp_path / "kafka"), "CLAIMWIRE_METRICS_PORT": "0"}
    out = subprocess.run(
        [sys.executable, "-m", "claimwire.demo", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert 0 == out.returncode, out.stdout[-3000:] + out.stderr[-3000:]
    assert "▶ 3 of 3 pages came out enriched" in out.stdout
    assert "UK Defense Ministry: Russia 'highly unlikely' to call up 400,000 volunteers" in out.stdout
    assert "highly unlikely 10%–20%" in out.stdout
    assert "stopped the broker" in out.stderr + out.stdout
