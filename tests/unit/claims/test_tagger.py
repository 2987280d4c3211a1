"""The assembled tagger: exact offsets, stable ids, the outlet as claimant of its own statements."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta, timezone

from claimwire.core.claims import tag_article, tag_text
from claimwire.core.claims.tagger import claim_id
from claimwire.core.models import Article

PARAGRAPHS = [
    "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years, the Labor Department said on "
    "Friday.",
    "Thank you all for coming.",
    "The city's population grew by 12,000 people in 2022.",
]


def _article(paragraphs: list[str], *, published_at: datetime | None = None) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(
        title="t",
        published_at=published_at,
        outlet="The Daily Example",
        language="en",
        paragraphs=paragraphs,
        text=text,
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        simhash64="0" * 16,
    )


def test_claims_have_exact_offsets_into_the_article_text() -> None:
    """Every claim's text is article.text[char_start:char_end], and so are its quantities and dates."""
    article = _article(PARAGRAPHS)
    claims = tag_article(article).claims
    spans = [(c.text, [q.text for q in c.quantities], [d.text for d in c.dates]) for c in claims]
    from_offsets = [
        (
            article.text[c.char_start : c.char_end],
            [article.text[q.char_start : q.char_end] for q in c.quantities if q.char_start is not None],
            [article.text[d.char_start : d.char_end] for d in c.dates if d.char_start is not None],
        )
        for c in claims
    ]
    assert (2, spans) == (len(claims), from_offsets)


def test_only_sentences_scoring_at_least_one_half_become_claims() -> None:
    """The courtesy sentence is not a claim; the two factual ones are, each scoring 0.5 or more."""
    claims = tag_article(_article(PARAGRAPHS)).claims
    assert ([PARAGRAPHS[0], PARAGRAPHS[2]], True) == (
        [c.text for c in claims], all(c.checkworthiness >= 0.5 for c in claims)
    )


def test_tagging_is_deterministic_and_ids_are_stable() -> None:
    """The same article tagged twice gives equal claims; the id is derived from content hash, offset and text."""
    article = _article(PARAGRAPHS)
    first, second = tag_article(article), tag_article(article)
    claim = first.claims[1]
    assert (first, claim.id) == (second, claim_id(article.content_sha256, claim.char_start, claim.text))


def test_a_sentence_repeated_in_an_article_gets_two_ids_and_another_article_other_ids() -> None:
    """Ids are unique within an article (the offset counts) and differ between articles (the content hash)."""
    repeated = tag_article(_article([PARAGRAPHS[2], PARAGRAPHS[2]])).claims
    other = tag_article(_article([PARAGRAPHS[2], "Prices rose 8 percent."])).claims
    assert (2, True) == (len({c.id for c in repeated}), repeated[0].id != other[0].id)


def test_an_unattributed_factual_statement_gets_the_outlet_as_claimant() -> None:
    """No source named: the outlet is the claimant, kind "outlet", with no cue."""
    claim = tag_article(_article(PARAGRAPHS)).claims[1]
    assert ("The Daily Example", "outlet", None, "none") == (
        claim.claimant.name if claim.claimant else None,
        claim.claimant.kind if claim.claimant else None,
        claim.cue,
        claim.quote,
    )


def test_relative_dates_resolve_against_the_local_publication_date() -> None:
    """"on Friday" in an article published on Saturday 2023-04-01 at 01:30 in Kyiv is 2023-03-31, although in UTC
    the publication was still on Friday."""
    kyiv = timezone(timedelta(hours=3))
    claim = tag_article(_article(PARAGRAPHS, published_at=datetime(2023, 4, 1, 1, 30, tzinfo=kyiv))).claims[0]
    assert ["2023-03-31"] == [d.value for d in claim.dates if d.text == "Friday"]


def test_an_article_without_text_has_no_claims() -> None:
    """Empty text: no claims, no entities, no error."""
    tagging = tag_article(_article([""]))
    assert ([], []) == (tagging.claims, tagging.entities)


def test_tag_text_scores_a_line_and_returns_its_claims_with_offsets_into_it() -> None:
    """A claim line: is_claim, its best score, claims with offsets into the line; a courtesy line: none."""
    line = "Crime went up 20 percent last year. We will see."
    yes, no = tag_text(line, reference=date(2023, 3, 30)), tag_text("Thank you very much.")
    assert (True, yes.checkworthiness, ["Crime went up 20 percent last year."], False, []) == (
        yes.is_claim,
        max(c.checkworthiness for c in yes.claims),
        [line[c.char_start : c.char_end] for c in yes.claims],
        no.is_claim,
        no.claims,
    )


def test_published_at_in_utc_is_used_as_given() -> None:
    """An aware UTC publication time resolves "yesterday" to the UTC calendar day before."""
    claim = tag_article(
        _article(["The bridge collapsed yesterday, killing 3 people."], published_at=datetime(2023, 5, 2, tzinfo=UTC))
    ).claims[0]
    assert ["2023-05-01"] == [d.value for d in claim.dates]
