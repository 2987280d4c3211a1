"""The claim tagger: a normalized article in, checkable claims (Claim v1) out.

Pure and deterministic: same article in, same claims out, ids stable. The parts (sentences, entities,
attribution, certainty, quantities, dates, the learned check-worthiness score and the claim type) are modules of
this package; ``tagger`` assembles them. ``TAGGER_VERSION`` is stamped into every event's ``processing`` so
consumers can re-process when it changes; bump it when any part or the shipped model changes its output.
"""

from claimwire.core.claims.score import CLAIM_THRESHOLD, checkworthiness
from claimwire.core.claims.tagger import Tagging, TextTagging, tag_article, tag_text

__all__ = [
    "CLAIM_THRESHOLD",
    "TAGGER_VERSION",
    "TAGGER_VERSION_CNN",
    "Tagging",
    "TextTagging",
    "checkworthiness",
    "tag_article",
    "tag_text",
]

TAGGER_VERSION = "claims-1.4.1+cw-f1-news1-attr-enc-e2-a6"
#: The version stamped when attribution runs with the CNN cue model (``attribution="cnn"``): different claims.
TAGGER_VERSION_CNN = "claims-1.4.1+cw-f1-news1-attr-cnn-a6"
