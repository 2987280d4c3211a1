"""Word lists the entity finder and the claimant resolver share.

Hand-made and small on purpose: they name the closed classes news prose uses for sources (titles and roles,
organisation heads such as "Ministry", media words, the nouns of definite descriptions such as "the publication"
or "the update") rather than any particular source, so they carry across outlets and topics.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = [
    "CAP_STOPWORDS",
    "DOCUMENT_NOUNS",
    "GOVERNMENT_WORDS",
    "MEDIA_NOUNS",
    "MEDIA_WORDS",
    "MONTHS_DAYS",
    "ORG_NOUNS",
    "ORG_WORDS",
    "PERSON_NOUNS",
    "ROLE_WORDS",
    "places",
]


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Capitalised only because they open a sentence or a title: never the start of a name.
CAP_STOPWORDS = _words(
    "the a an in on at according however this that these those it he she they we i you but and or as if when "
    "while after before since for from with by to of meanwhile also his her their its our my your what who why "
    "how where there here some many most all both each every no not yes so then now today yesterday tomorrow last "
    "next late early over under more less nor despite during although though still even only just such other "
    "another one two three several few among than about across against into via whether because until unlike like "
    "amid editor editors read watch follow subscribe related advertisement photo video image"
)
MONTHS_DAYS = _words(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"
)
# Capitalised words that make a name an organisation.
ORG_WORDS = _words(
    "ministry department agency institute staff council committee commission party army forces force service bank "
    "university court congress senate parliament government administration office association union corporation "
    "inc. corp. co. company group foundation center centre organization organisation league guard police kremlin "
    "pentagon nato news times post journal radio television tv network press media review herald tribune "
    "telegraph guardian gazette daily reuters bloomberg afp ap cnn bbc msnbc npr politico axios fund board bureau "
    "authority directorate command navy fleet airlines systems technologies labs institute campaign house "
    "assembly duma rada cabinet secretariat embassy consulate academy school college hospital church coalition "
    "alliance federation commission watch"
)
MEDIA_WORDS = _words(
    "news times post journal radio television tv network press media review herald tribune telegraph guardian "
    "gazette daily reuters bloomberg afp ap cnn bbc msnbc npr politico axios associated agency magazine newspaper "
    "publication outlet broadcaster channel wire interfax tass ria kommersant izvestia rfe/rl economist forbes "
    "fortune wired newsweek breitbart huffpost vox slate"
)
GOVERNMENT_WORDS = _words(
    "ministry department government administration kremlin pentagon staff army forces military navy parliament "
    "congress senate duma rada cabinet president presidency council police intelligence defense defence embassy "
    "office prosecutor court command guard white house state"
)
# Role and title words: a name right after one is a person ("Defense Minister Shoigu", "dictator Vladimir Putin").
ROLE_WORDS = _words(
    "mr. mrs. ms. dr. sen. rep. gov. gen. lt. col. sgt. capt. adm. maj. prof. rev. president minister secretary "
    "chief spokesperson spokesman spokeswoman senator governor general commander director head leader dictator "
    "chairman chairwoman chair ceo founder mayor ambassador envoy adviser advisor analyst official officer "
    "lawmaker deputy premier chancellor king queen prince pope judge justice attorney pastor professor colonel "
    "lieutenant sergeant captain admiral major representative candidate nominee economist researcher "
    "correspondent reporter editor columnist host anchor coach author writer activist"
)
# Heads of definite descriptions, by what they point back to.
MEDIA_NOUNS = _words(
    "publication newspaper paper outlet magazine agency network broadcaster channel website site daily tabloid "
    "station service wire"
)
DOCUMENT_NOUNS = _words(
    "update report statement assessment bulletin briefing study survey analysis review document memo post release "
    "announcement estimate estimates findings investigation poll letter filing"
)
ORG_NOUNS = _words(
    "ministry department government company firm committee campaign army military office institute council party "
    "group organization organisation commission court bank administration kremlin agency center centre union team "
    "board think-tank"
)
PERSON_NOUNS = _words(
    "president minister secretary spokesperson spokesman spokeswoman official senator governor general commander "
    "director leader chairman chief candidate nominee mayor ambassador envoy adviser lawmaker premier chancellor "
    "man woman source"
)


@cache
def places() -> frozenset[str]:
    """Place names (``data/attribution_places.txt``), as written."""
    raw = resources.files("claimwire.core.claims").joinpath("data/attribution_places.txt").read_text("utf-8")
    return frozenset(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))
