"""Helpers shared by the normalizer's tests."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from claimwire.core.models import RawArticle

DATA = Path(__file__).resolve().parents[2] / "data"


def make_raw(
    body: str | None = None,
    *,
    content_type: str = "text/html",
    data: bytes | None = None,
    charset: str | None = None,
    outlet: str | None = None,
    url: str = "https://example.com/story",
) -> RawArticle:
    """A RawArticle around a body (or raw bytes, sent as body_base64)."""
    return RawArticle.model_validate(
        {
            "id": "t-1",
            "url": url,
            "fetched_at": "2023-03-30T09:00:00Z",
            "content_type": content_type,
            "body": body,
            "body_base64": base64.b64encode(data).decode("ascii") if data is not None else None,
            "charset": charset,
            "outlet": outlet,
        }
    )


@pytest.fixture
def data_dir() -> Path:
    """The test data folder."""
    return DATA
