"""The fine-tuned MiniLM encoder: WordPiece alignment, its cue and source scores on real news sentences, batching,
bad input."""

from __future__ import annotations

from claimwire.core.claims._attribution_extract import find_attributions
from claimwire.core.claims._cue_encoder import CueEncoder, first_pieces, load_encoder, source_span_score
from claimwire.core.claims._sentence_tokens import tokenize
from claimwire.core.claims.sentences import split_sentences


def _encoder() -> CueEncoder:
    enc = load_encoder()
    assert enc is not None, "the package must ship data/attribution_encoder.npz"
    return enc


def test_each_word_maps_to_its_first_wordpiece() -> None:
    """'Zelensky's' is two words here and several pieces in MiniLM; each word points at its own first piece."""
    text = "Zelensky's office said on Tuesday."
    toks = tokenize(text)
    pieces = _encoder().tokenizer.encode(text)
    first = first_pieces(pieces.offsets, toks, 0)
    assert len(first) == len(toks)
    assert all(f > 0 for f in first)  # piece 0 is [CLS]
    assert first == sorted(set(first))  # one first piece per word, in order
    for word_start, f in zip(toks.starts, first, strict=True):
        assert pieces.offsets[f][0] == word_start


def test_reporting_cues_score_as_cue_starts_and_other_words_do_not() -> None:
    """Real news sentences: the cue's first word gets positive B log-odds, the source and content words do not."""
    text = (
        "The U.K. Defense Ministry said in its latest intelligence update that Russia is unlikely to advance. "
        "According to Bloomberg, the plan was drafted in March. "
        "Sanders is doubling down on his criticism of the deal."
    )
    sents = [s for s in split_sentences(text) if s.text.strip()]
    toks = [tokenize(text, s.start, s.end) for s in sents]
    scores = [e.cue for e in _encoder().scores(text, toks)]
    assert [len(s) for s in scores] == [len(t) for t in toks]

    def b(k: int, word: str) -> float:
        return scores[k][toks[k].words.index(word)][0]

    assert b(0, "said") > 0 > b(0, "Ministry")
    assert b(0, "advance") < 0
    assert b(1, "According") > 0 > b(1, "plan")
    assert b(2, "doubling") > b(2, "deal")


def test_scores_do_not_depend_on_how_sentences_are_batched() -> None:
    """An article's sentences scored together or one at a time give the same numbers (padding is masked)."""
    text = (
        "Short one, he said. A much longer sentence follows here, and officials told reporters that the talks "
        "would resume next week in Geneva, according to two people familiar with the plan. Nothing else."
    )
    sents = [s for s in split_sentences(text) if s.text.strip()]
    toks = [tokenize(text, s.start, s.end) for s in sents]
    enc = _encoder()
    together = enc.scores(text, toks)
    alone = [enc.scores(text, [t])[0] for t in toks]
    for a, b in zip(together, alone, strict=True):
        for rows_a, rows_b in ((a.cue, b.cue), (a.source, b.source)):
            pairs = [(x, y) for ra, rb in zip(rows_a, rows_b, strict=True) for x, y in zip(ra, rb, strict=True)]
            assert all(abs(x - y) < 1e-3 for x, y in pairs)


def test_empty_overlong_and_odd_input_get_scores_not_errors() -> None:
    """An empty sentence gets no rows; words past the encoder's 160 pieces get (0, 0); emoji, control characters
    and scripts the vocabulary lacks still get a row per word."""
    enc = _encoder()
    long_text = " ".join(["officials said the plan"] * 100)
    odd = "Він сказав 🙂 \x07 that ﷽ was fine, she said."
    empty = tokenize("")
    out = enc.scores(long_text, [tokenize(long_text), empty])
    assert len(out[0].cue) == len(out[0].source) == 400
    assert out[1].cue == out[1].source == []
    assert out[0].cue[-1] == [0.0, 0.0]
    assert out[0].source[-1] == [0.0, 0.0, 0.0]
    assert out[0].cue[1][0] > 0  # the first "said" is inside the window
    odd_toks = tokenize(odd)
    odd_out = enc.scores(odd, [odd_toks])[0]
    assert len(odd_out.cue) == len(odd_out.source) == len(odd_toks)


def test_fast_mode_uses_the_cnn_and_both_modes_find_the_plain_cue() -> None:
    """``fast=True`` swaps the encoder for the CNN; on a plain 'X said' sentence both find the same cue."""
    text = "The ministry said Russia had lost 400,000 troops."
    sents = split_sentences(text)
    slow = find_attributions(text, sents)[0].events
    fast = find_attributions(text, sents, fast=True)[0].events
    assert [text[e.cue[0] : e.cue[1]] for e in slow] == ["said"] == [text[e.cue[0] : e.cue[1]] for e in fast]
    assert slow[0].source is not None
    assert text[slow[0].source[0] : slow[0].source[1]] == "The ministry"


def test_source_head_prefers_the_whole_mention_over_a_part_or_a_neighbour() -> None:
    """Real news sentences: the source head scores the annotated-style mention above a truncated one, one that
    runs into the cue, and a content noun."""
    enc = _encoder()
    cases = [
        # (sentence, the source's tokens [a, b), worse spans)
        ("The U.K. Defense Ministry said Russia is unlikely to advance.", (0, 4), [(1, 4), (0, 5), (5, 6)]),
        ("Russia has lost 400,000 troops, said Gen. Mark Milley, the top U.S. officer.", (9, 12), [(10, 12), (0, 1)]),
    ]
    for text, (a, b), worse in cases:
        toks = tokenize(text)
        rows = enc.scores(text, [toks])[0].source
        best = source_span_score(rows, a, b)
        assert best > 0, (text, toks.words[a:b])
        for wa, wb in worse:
            assert source_span_score(rows, wa, wb) < best, (text, toks.words[wa:wb])
