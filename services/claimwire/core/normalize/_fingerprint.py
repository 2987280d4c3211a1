"""Fingerprints of the article text: SHA-256 for identity, a 64-bit SimHash for near-duplicates.

The SimHash is over word 3-shingles (case-folded), each hashed with BLAKE2b to 64 bits. Bits are tallied per byte
with ``bytes.translate`` so the cost is 64 C-level passes rather than 64 Python steps per shingle.
"""

from __future__ import annotations

import hashlib
import re
from functools import partial
from operator import methodcaller

__all__ = ["content_sha256", "simhash64"]

_WORD = re.compile(r"\w+")
_WITHOUT = [bytes(v for v in range(256) if not v >> b & 1) for b in range(8)]  # byte values lacking bit b


def content_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def simhash64(text: str, *, shingle: int = 3) -> str:
    """64-bit SimHash of the text as 16 hex digits; near-identical texts differ in few bits."""
    words = _WORD.findall(text.casefold())
    if not words:
        return "0" * 16
    n = max(1, len(words) - shingle + 1)
    # map() chains keep the per-shingle work in C: join, encode, hash, digest.
    columns = (words[k:] for k in range(shingle))
    feats = map(" ".join, zip(*columns, strict=False)) if len(words) >= shingle else [" ".join(words)]
    hashes = map(partial(hashlib.blake2b, digest_size=8), map(methodcaller("encode", "utf-8"), feats))
    digests = b"".join(map(methodcaller("digest"), hashes))
    # Per bit, the digests' bytes at its position with that bit kept: bytes.translate counts them in C.
    out = 0
    for pos in range(8):
        column = digests[pos::8]
        for bit in range(8):
            if len(column.translate(None, _WITHOUT[bit])) * 2 > n:
                out |= 1 << (pos * 8 + bit)
    return f"{out:016x}"
