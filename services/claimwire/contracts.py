"""The event contracts: which model is which JSON Schema file in ``schemas/``.

The schema files are generated from the pydantic models (``make schemas``) and committed; a unit test regenerates
them and fails on any drift, so the published contract and the code cannot disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

from claimwire.core.models import ClaimEvent, DeadLetter, EnrichedArticle, RawArticle

__all__ = ["CONTRACTS", "SCHEMA_ID_BASE", "render_schema", "schema_for", "write_schemas"]

SCHEMA_ID_BASE = "https://claimwire.org/schemas/"

# file stem -> (model, title). The stem is also the examples' prefix in schemas/examples/.
CONTRACTS: dict[str, tuple[type[BaseModel], str]] = {
    "raw-article.v1": (RawArticle, "RawArticle v1"),
    "enriched-article.v1": (EnrichedArticle, "EnrichedArticle v1"),
    "claim.v1": (ClaimEvent, "Claim v1"),
    "dead-letter.v1": (DeadLetter, "DeadLetter v1"),
}


def schema_for(stem: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one contract, as generated from its model."""
    model, title = CONTRACTS[stem]
    body = model.model_json_schema(mode="serialization" if model is not RawArticle else "validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_ID_BASE}{stem}.json",
        **body,
        "title": title,
    }


def render_schema(stem: str) -> bytes:
    """The exact bytes of a schema file: sorted keys and two-space indent, so diffs stay readable."""
    return orjson.dumps(schema_for(stem), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every contract's schema into ``directory``; returns the paths written."""
    written = []
    for stem in CONTRACTS:
        path = directory / f"{stem}.json"
        path.write_bytes(render_schema(stem))
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    for p in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(p)
