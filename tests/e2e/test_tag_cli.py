"""``claimwire tag`` as a user runs it: plain text lines in, one JSON line per input line out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

LINES = [
    "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
    "Thank you all.",
    "",
    "Russia's Defense Ministry will start a new recruitment campaign on April 1, the agency reported on March 15.",
]


def claimwire(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "claimwire", *args], input=stdin, capture_output=True, timeout=120, check=False
    )


def test_tag_writes_one_json_line_per_input_line_from_stdin_to_stdout() -> None:
    """Four lines in (one empty): four JSON lines out, in order, with is_claim, checkworthiness and claims."""
    done = claimwire("tag", "-i", "-", "-o", "-", "--reference", "2023-03-30", stdin="\n".join(LINES).encode() + b"\n")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert (0, [1, 2, 3, 4], LINES, [True, False, False, True]) == (
        done.returncode,
        [r["line"] for r in records],
        [r["text"] for r in records],
        [r["is_claim"] for r in records],
    )


def test_claims_carry_offsets_into_their_line_and_resolved_dates(tmp_path: Path) -> None:
    """From a file to a file: the claim of the last line has offsets into it and "April 1" resolved to 2023-04-01."""
    source, target = tmp_path / "in.txt", tmp_path / "out.jsonl"
    source.write_text(LINES[3] + "\n", encoding="utf-8")
    done = claimwire("tag", "--input", str(source), "--output", str(target), "--reference", "2023-03-30")
    (record,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    claim = record["claims"][0]
    assert (0, LINES[3], "prediction", ["2023-04-01", "2023-03-15"], record["checkworthiness"]) == (
        done.returncode,
        LINES[3][claim["char_start"] : claim["char_end"]],
        claim["type"],
        [d["value"] for d in claim["dates"]],
        claim["checkworthiness"],
    )


def test_input_that_is_not_utf8_fails_with_status_1(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 stop the command with exit status 1 and a logged error, not a traceback."""
    done = claimwire("tag", "-i", "-", "-o", "-", stdin=b"caf\xe9 au lait\n")
    assert (1, False, True) == (done.returncode, b"Traceback" in done.stderr, b"cannot read or write" in done.stderr)


def test_help_lists_the_options() -> None:
    """``claimwire tag --help`` names --input, --output, --reference and --outlet."""
    done = claimwire("tag", "--help")
    assert [True] * 4 == [opt in done.stdout for opt in (b"--input", b"--output", b"--reference", b"--outlet")]


def test_the_cnn_cue_model_is_a_flag_and_finds_the_plain_report() -> None:
    """``--attribution cnn`` runs the fast cue model: the reported line still gets its cue and claimant; a bad
    choice is a usage error."""
    done = claimwire("tag", "-i", "-", "-o", "-", "--attribution", "cnn", stdin=LINES[3].encode() + b"\n")
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    claim = record["claims"][0]
    assert (0, "reported", "the agency") == (done.returncode, claim["cue"]["text"], claim["claimant"]["mention"])
    bad = claimwire("tag", "-i", "-", "-o", "-", "--attribution", "bert")
    assert bad.returncode == 2
    assert b"invalid choice" in bad.stderr
