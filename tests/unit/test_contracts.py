"""The JSON Schemas in schemas/ are the contract: they must equal what the models generate, and examples must hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from claimwire.adapters.codec import decode_event
from claimwire.contracts import CONTRACTS, render_schema
from claimwire.core.errors import ClaimwireError

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
EXAMPLES = sorted((SCHEMAS / "examples").glob("*.json"))


def _validator(stem: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{stem}.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("stem", sorted(CONTRACTS))
def test_schema_file_equals_the_schema_generated_from_its_model(stem: str) -> None:
    """A model change without `make schemas` (or a hand edit of a schema) is drift, and fails here."""
    assert render_schema(stem).decode() == (SCHEMAS / f"{stem}.json").read_text()


@pytest.mark.parametrize("stem", sorted(CONTRACTS))
def test_every_schema_is_a_valid_draft_2020_12_schema(stem: str) -> None:
    """Consumers load these files with any JSON Schema library."""
    Draft202012Validator.check_schema(json.loads((SCHEMAS / f"{stem}.json").read_text()))


@pytest.mark.parametrize("stem", sorted(CONTRACTS))
def test_every_contract_has_valid_and_invalid_examples(stem: str) -> None:
    """Each contract documents itself with at least one example of each kind."""
    names = [p.name for p in EXAMPLES]
    assert any(n.startswith(f"{stem}.valid") for n in names)
    assert any(n.startswith(f"{stem}.invalid") for n in names)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate_with_jsonschema_exactly_when_marked_valid(path: Path) -> None:
    """The published schema accepts the valid examples and rejects the invalid ones."""
    stem, kind = path.name.split(".v1.")[0] + ".v1", path.name.split(".v1.")[1].split(".")[0]
    errors = list(_validator(stem).iter_errors(json.loads(path.read_text())))
    assert (kind == "valid") == (not errors), [e.message for e in errors]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_models_agree_with_jsonschema_on_every_example(path: Path) -> None:
    """The pydantic model accepts exactly what the schema accepts, so the codec and the contract agree."""
    stem, kind = path.name.split(".v1.")[0] + ".v1", path.name.split(".v1.")[1].split(".")[0]
    model = CONTRACTS[stem][0]
    if kind == "valid":
        decode_event(path.read_bytes(), model)
    else:
        with pytest.raises(ClaimwireError):
            decode_event(path.read_bytes(), model)


@pytest.mark.parametrize("path", [p for p in EXAMPLES if ".valid" in p.name], ids=lambda p: p.name)
def test_a_valid_example_round_trips_through_its_model_unchanged(path: Path) -> None:
    """What we emit for an event equals the example we publish for it (no field added, lost or reformatted)."""
    stem = path.name.split(".v1.")[0] + ".v1"
    model = CONTRACTS[stem][0]
    original = json.loads(path.read_text())
    emitted = decode_event(path.read_bytes(), model).model_dump(mode="json", exclude_none=False)
    if stem == "raw-article.v1":
        emitted = {k: v for k, v in emitted.items() if k in original}
    assert original == emitted
