"""Fingerprints of the article text: SHA-256 for identity, a 64-bit SimHash for near-duplicates.

The SimHash is over word 3-shingles (case-folded), each hashed with BLAKE2b to 64 bits. Bits are tallied per byte
with ``Counter`` so the cost is a few C-level passes rather than 64 Python steps per shingle.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

__all__ = ["content_sha256", "simhash64"]

_WORD = re.compile(r"\w+")
_BITS = [tuple(b for b in range(8) if v >> b & 1) for v in range(256)]


def content_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def simhash64(text: str, *, shingle: int = 3) -> str:
    """64-bit SimHash of the text as 16 hex digits; near-identical texts differ in few bits."""
    words = _WORD.findall(text.casefold())
    if not words:
        return "0" * 16
    n = max(1, len(words) - shingle + 1)
    feats = (" ".join(words[i : i + shingle]) for i in range(n))
    digests = b"".join(hashlib.blake2b(f.encode("utf-8"), digest_size=8).digest() for f in feats)
    tally = [0] * 64
    for pos in range(8):
        for value, count in Counter(digests[pos::8]).items():
            for bit in _BITS[value]:
                tally[pos * 8 + bit] += count
    out = 0
    for bit, count in enumerate(tally):
        if count * 2 > n:
            out |= 1 << bit
    return f"{out:016x}"
