"""Make one string of a RawArticle's body, whatever the crawler sent, or say why it cannot be done.

Bytes are decoded with the first charset that works, in order of authority: the HTTP charset, a byte-order mark,
the page's own ``<meta charset>``, then detection. A declared charset that fails on the bytes is a lie and is
skipped, not obeyed. Text that is mostly control characters or replacement marks is binary, not a page.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re

from charset_normalizer import from_bytes

from claimwire.core.errors import NormalizeError
from claimwire.core.models import RawArticle

from ._limits import NormalizeLimits

__all__ = ["body_text"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_SAMPLE = 16_384  # binary data shows in its first kilobytes
_DETECT_SAMPLE = 32_768
_MAX_JUNK = 0.1


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _try(data: bytes, name: str | None) -> str | None:
    codec = _codec(name)
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, ValueError):
        return None


def _detect(data: bytes) -> str | None:
    best = from_bytes(data[:_DETECT_SAMPLE], steps=3, chunk_size=512).best()
    return best.encoding if best is not None else None


def _decode_bytes(data: bytes, charset: str | None) -> str:
    text = _try(data, charset)
    if text is None:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                text = _try(data, codec)
                break
    if text is None:
        meta = _META_CHARSET.search(data[:4096])
        text = _try(data, meta.group(1).decode("ascii")) if meta else None
    if text is None:
        text = _try(data, "utf-8") or _try(data, _detect(data))
    return text if text is not None else data.decode("utf-8", "replace")


def _check_not_binary(text: str) -> None:
    sample = text[:_SAMPLE]
    if sample and len(_JUNK.findall(sample)) > _MAX_JUNK * len(sample):
        raise NormalizeError("the body is binary, not text: too many control or undecodable characters")


def body_text(raw: RawArticle, limits: NormalizeLimits) -> str:
    """The page as one string, or NormalizeError (empty, over the size cap, bad base64, binary)."""
    if raw.body is not None:
        if len(raw.body) > limits.max_input_bytes:
            raise NormalizeError(f"the body has {len(raw.body)} characters, over the cap of {limits.max_input_bytes}")
        text = raw.body
    else:
        encoded = raw.body_base64 or ""
        if len(encoded) // 4 * 3 > limits.max_input_bytes:
            raise NormalizeError(f"the body_base64 decodes to more than the cap of {limits.max_input_bytes} bytes")
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise NormalizeError(f"body_base64 is not valid base64: {exc}") from None
        text = _decode_bytes(data, raw.charset)
    if "\x00" in text:
        text = text.replace("\x00", "")
    _check_not_binary(text)
    if not text.strip():
        raise NormalizeError("the body is empty")
    return text
