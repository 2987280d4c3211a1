"""``claimwire process`` as a user runs it: JSON lines in, enriched JSON lines out, bad lines dead-lettered."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[1] / "data"
GOLDEN = json.loads((DATA / "kyiv-independent-2023-03-30.expected.json").read_text(encoding="utf-8"))


def line(raw_id: str, body: str, *, content_type: str = "text/plain", url: str = "https://example.org/a") -> bytes:
    return orjson.dumps({"id": raw_id, "url": url, "fetched_at": datetime(2023, 3, 30, 9, tzinfo=UTC).isoformat(),
                         "content_type": content_type, "body": body, "outlet": "The Kyiv Independent"})


SEED = line(
    "seed", (DATA / "kyiv-independent-2023-03-30.txt").read_text(encoding="utf-8"),
    url="https://kyivindependent.com/uk-defense-ministry-russia-highly-unlikely-to-call-up-400000-volunteers/",
)
SAMPLE = line("sample", (DATA / "samples" / "valley-drought-report.html").read_text(encoding="utf-8"),
              content_type="text/html", url="https://example.org/valley")
BAD = b'{"id": "broken", "url": '


def claimwire(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "claimwire", *args], input=stdin, capture_output=True, timeout=300,
                          check=False)


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_process_writes_enriched_lines_in_order_and_dead_letters_bad_lines(tmp_path: Path) -> None:
    """Three lines, the middle one broken: two enriched lines in input order, one dead letter holding the line's
    bytes, claim events for every claim, exit status 0."""
    source = tmp_path / "pages.jsonl"
    source.write_bytes(SEED + b"\n" + BAD + b"\n" + SAMPLE + b"\n")
    out, dlq, claims = tmp_path / "out.jsonl", tmp_path / "dlq.jsonl", tmp_path / "claims.jsonl"
    done = claimwire("process", "--input", str(source), "--output", str(out), "--dead-letter", str(dlq),
                     "--claims", str(claims), "--workers", "2")
    assert 0 == done.returncode, done.stderr.decode()
    enriched = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert ["seed", "sample"] == [e["raw_id"] for e in enriched]
    (letter,) = [orjson.loads(x) for x in dlq.read_bytes().splitlines()]
    assert (BAD, 1, "decode") == (
        base64.b64decode(letter["original"]["value_base64"]), letter["original"]["offset"], letter["error"]["stage"]
    )
    claim_ids = [orjson.loads(x)["id"] for x in claims.read_bytes().splitlines()]
    assert [c["id"] for e in enriched for c in e["claims"]] == claim_ids


def test_the_seed_page_matches_its_golden_article(tmp_path: Path) -> None:
    """The seed page's title, authors, outlet, language and paragraphs are the golden ones."""
    done = claimwire("process", "--input", "-", "--output", "-", "--workers", "0", stdin=SEED + b"\n")
    assert 0 == done.returncode, done.stderr.decode()
    article, expected = orjson.loads(done.stdout)["article"], GOLDEN["article"]
    assert (norm(expected["title"]), expected["authors"], expected["outlet"], expected["language"]) == (
        norm(article["title"]), article["authors"], article["outlet"], article["language"]
    )
    assert [norm(p) for p in expected["paragraphs"]] == [norm(p) for p in article["paragraphs"]]


def test_without_a_dead_letter_file_dead_letters_go_to_stderr_as_json_lines() -> None:
    """Nothing is lost: a bad line without --dead-letter shows up on stderr as a DeadLetter v1 object."""
    done = claimwire("process", "--input", "-", "--output", "-", "--workers", "0", stdin=BAD + b"\n")
    assert (0, b"") == (done.returncode, done.stdout)
    letters = [orjson.loads(x) for x in done.stderr.splitlines() if x.startswith(b'{"original"')]
    assert [BAD] == [base64.b64decode(x["original"]["value_base64"]) for x in letters]


def test_until_normalize_skips_the_claim_tagger() -> None:
    """--until normalize runs only the normalizer: no claims, stages say so."""
    done = claimwire("process", "--input", "-", "--output", "-", "--until", "normalize", "--workers", "0",
                     stdin=SAMPLE + b"\n")
    assert 0 == done.returncode, done.stderr.decode()
    enriched = orjson.loads(done.stdout)
    assert ([], ["normalize"]) == (enriched["claims"], enriched["processing"]["stages"])


def test_run_help_documents_every_setting() -> None:
    """`claimwire run --help` lists the environment variables, including security and delivery."""
    done = claimwire("run", "--help")
    assert 0 == done.returncode
    for name in ("CLAIMWIRE_BOOTSTRAP_SERVERS", "CLAIMWIRE_SASL_PASSWORD", "CLAIMWIRE_DELIVERY", "CLAIMWIRE_WORKERS"):
        assert name.encode() in done.stdout


def test_a_missing_input_file_is_a_usage_error(tmp_path: Path) -> None:
    """A file that does not exist: exit status 2 and a message, not a traceback."""
    done = claimwire("process", "--input", str(tmp_path / "nope.jsonl"), "--output", "-")
    assert 2 == done.returncode
    assert b"Traceback" not in done.stderr
