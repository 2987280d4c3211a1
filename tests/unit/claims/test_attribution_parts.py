"""The attributor's parts: the cue tagger's decoder, quotation flags, source and content candidates."""

from __future__ import annotations

from claimwire.core.claims._attribution_content import content_candidates
from claimwire.core.claims._attribution_cues import decode, stem
from claimwire.core.claims._attribution_extract import find_attributions
from claimwire.core.claims._attribution_features import source_candidates
from claimwire.core.claims._attribution_quotes import QuoteIndex
from claimwire.core.claims._sentence_tokens import tokenize
from claimwire.core.claims.sentences import split_sentences

_FLAT = [[0.0, 0.0, 0.0] for _ in range(4)]


def test_the_decoder_never_starts_a_cue_with_a_continuation() -> None:
    """However strong its score, I cannot open a sentence or follow O: the best legal path is taken instead."""
    assert [1, 2, 0] == decode([(0.5, 9.0), (-1.0, 3.0), (-1.0, -1.0)], _FLAT)
    assert [0, 0] == decode([(-20.0, 9.0), (-20.0, 9.0)], _FLAT)


def test_the_decoder_follows_the_transition_scores() -> None:
    """A strong O->B transition turns a weakly negative B score into a cue."""
    trans = [[0.0, 2.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert [0, 1] == decode([(-5.0, -5.0), (-1.0, -5.0)], trans)


def test_inflections_share_a_stem() -> None:
    """criticize, criticized, criticizes and criticizing share one stem; says and said do not need to."""
    assert {"criticiz"} == {stem(w) for w in ("criticize", "criticized", "criticizes", "criticizing")}


def test_token_quote_flags_follow_quotations_across_sentences() -> None:
    """A token is inside a quotation after its opening mark and before its closing one, over sentences."""
    text = 'He said "we will win. It is done" and left.'
    toks = tokenize(text)
    inside = QuoteIndex(text).inside(toks.starts)
    assert ["we", "will", "win", ".", "It", "is", "done", '"'] == [
        w for w, q in zip(toks.words, inside, strict=True) if q
    ]


def _spans(text: str, cue_word: str, side: str) -> set[str]:
    """The source candidates on ``side`` of the one-word cue ``cue_word``, as space-joined tokens."""
    toks = tokenize(text)
    cue = toks.words.index(cue_word)
    return {" ".join(toks.words[a:b]) for s, a, b in source_candidates(toks, cue, cue + 1) if s == side}


def test_a_source_may_hold_a_short_parenthetical() -> None:
    """'Rep. Gwen Moore (D-Wis.) said': a span with the party affiliation is a candidate source."""
    assert "Rep. Gwen Moore ( D-Wis . )" in _spans("Rep. Gwen Moore (D-Wis.) said Friday.", "said", "L")


def test_content_candidates_stop_at_clause_breaks() -> None:
    """After 'X said', the content may end at the sentence end or before ', but'."""
    toks = tokenize("Romney said he had a lead, but still lost the election.")
    cue = toks.words.index("said")
    spans = [" ".join(toks.words[a:b]) for side, a, b in content_candidates(toks, 0, cue + 1, 0, len(toks))]
    assert ["he had a lead", "he had a lead , but still lost the election"] == spans


def test_an_interrupted_quotation_resumes_after_its_speaker() -> None:
    """'"A," he said. "B. C."': the content goes on into the quotation that follows the speaker."""
    text = '"Sequestration hurt our military," he said. "It was demoralizing. It was bad."\n\nThe end came.'
    found = find_attributions(text, split_sentences(text))
    event = found[0].events[0]
    assert event.resumed is not None
    assert '"It was demoralizing. It was bad."' == text[event.resumed[0] : event.resumed[1]]


def test_a_source_after_said_may_run_through_its_appositives_to_the_clause_end() -> None:
    """PolNeAR's sources after "said" take the whole appositive and relative clause, often past 20 tokens."""
    text = (
        '"These are strange days," said Peter Morgan, a lawyer for the Sierra Club, who has been challenging '
        "the coal industry over water pollution issues for many years now."
    )
    spans = _spans(text, "said", "R")
    long = (
        "Peter Morgan , a lawyer for the Sierra Club , who has been challenging the coal industry over water "
        "pollution issues for many years now"
    )
    assert long in spans
    assert "Peter Morgan" in spans
    # Past 20 tokens only clause-final spans are offered, not every prefix.
    assert long.removesuffix(" now") not in spans


def test_an_abbreviation_dot_inside_a_source_does_not_end_it() -> None:
    """'McConnell, R-Ky., said': the tokenizer splits the dot off, but the splitter did not end the sentence there."""
    spans = _spans("Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday.", "said", "L")
    assert "Senate Majority Leader Mitch McConnell , R-Ky . ," in spans


def test_a_time_phrase_or_adverb_before_the_verb_may_be_left_out_of_the_source() -> None:
    assert "Sanders" in _spans("Sanders on Tuesday said he wants to attack four provisions.", "said", "L")
    assert "Gingrich" in _spans("Gingrich cynically dismissed the report.", "dismissed", "L")
    # A noun in -ly is not skipped as an adverb.
    assert not any(s.endswith("The") for s in _spans("The family said it was relieved.", "said", "L"))
