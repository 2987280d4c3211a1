"""The learned check-worthiness score: calibrated 0..1, deterministic, and the same model training measured."""

from __future__ import annotations

from pathlib import Path

import pytest
from train.checkworthiness import load_checkthat
from train.checkworthiness_news import load_news

from claimwire.core.claims.score import CLAIM_THRESHOLD, checkworthiness, model_info

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "checkworthiness"
NEWS = DATA.parent / "attribution"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="CheckThat! data not beside the repository")
needs_news = pytest.mark.skipif(not NEWS.is_dir(), reason="PolNeAR data not beside the repository")


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


def test_in_news_a_reported_statement_is_a_claim_and_a_courtesy_is_not() -> None:
    """The news adapter scores an attributed statement at least 0.5 and "Thank you all." below."""
    reported, courtesy = checkworthiness(
        ["The bridge will not reopen before the winter, according to the city's transport office.", "Thank you all."],
        domain="news",
    )
    assert (True, False) == (reported >= CLAIM_THRESHOLD, courtesy >= CLAIM_THRESHOLD)


def test_a_news_score_is_never_below_the_transcript_score() -> None:
    """The news score is a noisy-OR of the transcript score and the reported-claim adapter, so never lower."""
    sentences = ["I love this country.", "The plant closed in 2015.", "Thank you.", "He said taxes would rise."]
    plain = checkworthiness(sentences)
    news = checkworthiness(sentences, domain="news")
    assert [True] * len(sentences) == [n >= p for p, n in zip(plain, news, strict=True)]


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


@needs_news
def test_the_runtime_reproduces_the_polnear_dev_f1_recorded_by_training() -> None:
    """Scoring PolNeAR dev (weak labels) in the news domain gives the F1 the training script wrote."""
    dev = load_news("dev", NEWS)
    predicted = [s >= CLAIM_THRESHOLD for s in checkworthiness(dev.sentences, domain="news")]
    tp = sum(p and y for p, y in zip(predicted, dev.labels, strict=True))
    f1 = 2 * tp / (sum(predicted) + int(dev.labels.sum()))
    assert model_info()["news"]["metrics"]["polnear_dev_f1"] == round(f1, 4)  # type: ignore[index]
