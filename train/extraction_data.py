"""Load the extraction benchmark's dev pages: HTML, lynx-flattened text and ground truth."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Page", "default_data_dir", "load_pages"]

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page."""

    id: str
    url: str
    html: str
    text: str | None
    truth: str


def default_data_dir() -> Path:
    """``$CLAIMWIRE_EXTRACTION_DATA``, else ``../shared/data/extraction-dev`` beside the repo."""
    env = os.environ.get("CLAIMWIRE_EXTRACTION_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data" / "extraction-dev"


def load_pages(data_dir: Path) -> list[Page]:
    """All pages of ``ground-truth.json``, sorted by id."""
    truth = json.loads((data_dir / "ground-truth.json").read_text("utf-8"))
    pages = []
    for page_id in sorted(truth):
        html = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")
        lynx = data_dir / "text-lynx" / f"{page_id}.txt"
        text = lynx.read_text("utf-8", "replace") if lynx.exists() else None
        pages.append(Page(page_id, truth[page_id]["url"], html, text, truth[page_id]["articleBody"]))
    return pages
