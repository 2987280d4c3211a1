"""The attributor's context parts: far source candidates, the layout rules and the stacked CNN cue model."""

from __future__ import annotations

import numpy as np

from claimwire.core.claims._attribution_cnn import load_cnn, token_ids
from claimwire.core.claims._attribution_extract import find_attributions
from claimwire.core.claims._attribution_features import source_candidates
from claimwire.core.claims._attribution_model import load_model
from claimwire.core.claims._attribution_rules import colon_speaker, dash_signature
from claimwire.core.claims._sentence_tokens import tokenize
from claimwire.core.claims.sentences import split_sentences


def _words(text: str, span: tuple[int, int]) -> str:
    toks = tokenize(text)
    return " ".join(toks.words[span[0] : span[1]])


def test_a_participle_gets_the_sentence_subject_as_a_candidate() -> None:
    """ "Clinton chimed in on Twitter, saying ...": the subject is not next to the cue but is a candidate."""
    text = "Hillary Clinton chimed in on Twitter, saying the videos should be released."
    toks = tokenize(text)
    cue = toks.words.index("saying")
    cands = source_candidates(toks, cue, cue + 1)
    assert ("S", 0, 2) in cands
    assert len(cands) == len(set(cands))


def test_a_fronted_participle_gets_the_subject_after_the_comma() -> None:
    text = "Claiming the criticism was unfair, Trump told Fox that they hit Matt."
    toks = tokenize(text)
    assert ("A", toks.words.index("Trump"), toks.words.index("Trump") + 1) in source_candidates(toks, 0, 1)


def test_a_signature_after_a_quotation_is_an_attribution() -> None:
    text = "“He represents our greatest shame.” ― Sonya Herridge"
    found = dash_signature(tokenize(text))
    assert found is not None
    assert "―" == _words(text, found[0])
    assert "Sonya Herridge" == _words(text, found[1])
    assert dash_signature(tokenize("The film ― which weaves voices together ― explains history.")) is None


def test_a_speaker_label_is_an_attribution_but_page_furniture_is_not() -> None:
    text = '"WALLACE: Let’s start with breaking news on the debate story.'
    found = colon_speaker(tokenize(text))
    assert found is not None
    assert (":", "WALLACE") == (_words(text, found[0]), _words(text, found[1]))
    assert found[2] is not None
    assert _words(text, found[2]).startswith("Let")
    assert colon_speaker(tokenize("BYLINE: Amber Phillips.")) is None
    assert colon_speaker(tokenize("Partial transcript as follows: the debate.")) is None


def test_the_signature_rule_reaches_the_extractor() -> None:
    text = "“Donald Trump scares me. He is ignorant of our culture.” ― Karen Bobadilla\n\nOther news follows."
    events = [e for sa in find_attributions(text, split_sentences(text)) for e in sa.events]
    sig = [e for e in events if text[e.cue[0] : e.cue[1]] == "―"]
    assert sig
    assert sig[0].source is not None
    assert "Karen Bobadilla" == text[sig[0].source[0] : sig[0].source[1]]


def test_the_cnn_scores_every_token_the_same_however_the_article_is_batched() -> None:
    """Sentences are stacked with gaps, so a sentence's scores do not depend on its neighbours."""
    cnn, model = load_cnn(), load_model()
    assert cnn is not None
    texts = ["Trump said the polls were rigged.", "Officials expected a vote.", "", "It rained."]
    toks = [tokenize(t) for t in texts]
    rows = [
        token_ids(t, [False] * len(t), False, vocab=cnn.vocab, suffixes=cnn.suffixes, rates=model.cue_rates)
        for t in toks
    ]
    emits = [model.emissions(t, [False] * len(t), False) for t in toks]
    together = cnn.scores(rows, emits)
    alone = [cnn.scores([r], [e])[0] for r, e in zip(rows, emits, strict=True)]
    assert [len(t) for t in toks] == [len(s) for s in together]
    for a, b in zip(together, alone, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
