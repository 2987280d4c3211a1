"""The learned check-worthiness score: calibrated 0..1, deterministic, and the same model training measured."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from train.checkworthiness import load_checkthat

from claimwire.core.claims.score import CLAIM_THRESHOLD, checkworthiness, model_info

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "checkworthiness"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="CheckThat! data not beside the repository")


def test_a_sentence_with_a_statistic_is_a_claim_and_a_courtesy_is_not() -> None:
    """A factual sentence with a number scores at least 0.5; "Thank you all." scores below."""
    statistic, courtesy = checkworthiness(
        ["Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.", "Thank you all."]
    )
    assert (True, False) == (statistic >= CLAIM_THRESHOLD, courtesy >= CLAIM_THRESHOLD)


def test_scores_are_probabilities_in_input_order_and_deterministic() -> None:
    """Every score lies in 0..1, one per sentence in order, and a second call gives the same floats."""
    sentences = ["We will win.", "The deficit doubled in four years.", "", "?", "Taxes rose by $2 trillion."]
    first = checkworthiness(sentences)
    assert (len(sentences), True, first) == (len(first), all(0.0 <= s <= 1.0 for s in first),
                                             checkworthiness(list(reversed(sentences)))[::-1])


def test_the_news_prior_raises_every_score_by_the_same_log_odds() -> None:
    """Articles use the news prior: each score moves up, by one constant shift of the log-odds."""
    sentences = ["I love this country.", "The plant closed in 2015 and 600 people lost their jobs."]
    plain = checkworthiness(sentences)
    news = checkworthiness(sentences, domain="news")
    shifts = {round(math.log(n / (1 - n)) - math.log(p / (1 - p)), 9) for p, n in zip(plain, news, strict=True)}
    assert ([True, True], {round(float(model_info()["news_logit_shift"]), 9)}) == (  # type: ignore[arg-type]
        [n > p for p, n in zip(plain, news, strict=True)], shifts
    )


def test_no_sentences_give_no_scores() -> None:
    """An empty batch is an empty list, not an error."""
    assert [] == checkworthiness([])


@needs_data
def test_the_train_split_yields_all_rows_despite_the_broken_line() -> None:
    """One upstream row lost its line end; the loader still yields the README's 22,501 training rows."""
    sentences, labels = load_checkthat(DATA, "train")
    joined = sentences.index("We've got to invest and grow.")
    assert (22501, 22501, "You can't bring back jobs.", False) == (
        len(sentences), len(labels), sentences[joined + 1], bool(labels[joined])
    )


@needs_data
def test_the_runtime_reproduces_the_dev_f1_recorded_by_training() -> None:
    """Scoring dev with the shipped model gives the F1 the training script wrote into the artifact."""
    sentences, labels = load_checkthat(DATA, "dev")
    predicted = [s >= CLAIM_THRESHOLD for s in checkworthiness(sentences)]
    tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
    f1 = 2 * tp / (sum(predicted) + int(labels.sum()))
    assert model_info()["metrics"]["dev_f1"] == round(f1, 4)  # type: ignore[index]
