"""Every line the service writes on stderr is one JSON object, its own and its libraries' alike."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import logging, structlog
from claimwire._logging import configure_logging
configure_logging(level="INFO", fmt="json")
structlog.get_logger("claimwire.test").info("record processed", topic="articles.raw", partition=3, offset=42)
logging.getLogger("aiokafka.conn").warning("Unable to connect to node %s", 1)
logging.getLogger("aiokafka.consumer").info("noise below WARNING is dropped")
"""


def test_own_and_library_log_lines_are_json_objects_on_stderr() -> None:
    """structlog events and stdlib warnings (aiokafka) both come out as parseable JSON lines with a level."""
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in out.stderr.splitlines()]
    assert "" == out.stdout
    assert [("info", "record processed"), ("warning", "Unable to connect to node 1")] == [
        (line["level"], line["event"]) for line in lines
    ]
    assert (3, 42) == (lines[0]["partition"], lines[0]["offset"])
    assert "aiokafka.conn" == lines[1]["logger"]
