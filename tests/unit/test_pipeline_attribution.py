"""The attributor's cue model as a deployment choice: CLAIMWIRE_ATTRIBUTION picks encoder or CNN, and the
tagger version stamped on each event says which one made its claims."""

from __future__ import annotations

from datetime import UTC, datetime

import pydantic
import pytest

from claimwire.app_pool import PipelineStep
from claimwire.core.claims import TAGGER_VERSION, TAGGER_VERSION_CNN
from claimwire.core.models import RawArticle
from claimwire.core.pipeline import enrich
from claimwire.settings import Settings

NOW = datetime(2023, 3, 30, 12, 0, tzinfo=UTC)
BODY = (
    "Russia lost troops\n\n"
    "Russia has lost more than 400,000 troops since the start of the full-scale invasion, the U.K. Defense "
    "Ministry said on March 29.\n\n"
    "The ministry said Russia is highly unlikely to make significant gains in the coming weeks."
)


def _raw() -> RawArticle:
    return RawArticle(id="r1", url="https://example.com/1", fetched_at=NOW, content_type="text/plain", body=BODY)


@pytest.mark.parametrize(("attribution", "version"), [("encoder", TAGGER_VERSION), ("cnn", TAGGER_VERSION_CNN)])
def test_each_cue_model_stamps_its_version_and_finds_the_ministry(attribution: str, version: str) -> None:
    enriched = enrich(_raw(), now=NOW, service_version="t", attribution=attribution)  # type: ignore[arg-type]
    assert enriched.processing.tagger_version == version
    said = [c for c in enriched.claims if c.cue is not None and c.cue.text == "said"]
    assert len(said) == 2
    assert all(c.claimant is not None and "Defense Ministry" in c.claimant.name for c in said)


def test_the_two_versions_differ_so_consumers_can_tell_the_outputs_apart() -> None:
    assert TAGGER_VERSION != TAGGER_VERSION_CNN


def test_the_pipeline_step_carries_the_choice_into_workers() -> None:
    enriched, _ = PipelineStep("t", attribution="cnn")(_raw(), NOW)
    assert enriched.processing.tagger_version == TAGGER_VERSION_CNN
    default, _ = PipelineStep("t")(_raw(), NOW)
    assert default.processing.tagger_version == TAGGER_VERSION


@pytest.mark.usefixtures("clean_claimwire_env")
def test_the_setting_reads_claimwire_attribution_and_refuses_other_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().attribution == "encoder"
    monkeypatch.setenv("CLAIMWIRE_ATTRIBUTION", "cnn")
    assert Settings().attribution == "cnn"
    monkeypatch.setenv("CLAIMWIRE_ATTRIBUTION", "bert")
    with pytest.raises(pydantic.ValidationError, match="attribution"):
        Settings()
