"""Site-agnostic cue words for page furniture: the phrases sites use for appeals, widgets, menus and teasers.

The lists name what boilerplate *says* ("subscribe", "min read", "all rights reserved"), never what a given site
is called, so they carry over to sites the project has never seen. Each group becomes one feature of the block
classifier, which learns how much each cue is worth next to length and sentence-ness.
"""

from __future__ import annotations

import re

__all__ = ["BOILERPLATE_GROUPS", "CLASS_BAD", "CLASS_GOOD", "PRIOR", "count_groups", "prior_offset"]

_GROUPS: dict[str, str] = {
    "appeal": r"become a (?:member|subscriber|patron)|membership|donat(?:e|ion)|support (?:us|our|independent)"
    r"|contribut(?:e|ion)|funded by (?:our )?readers|help (?:us|fund)|our (?:mission|journalism)|paywall"
    r"|already a (?:member|subscriber)|subscribe (?:now|today)|for (?:just|only) \$|per month|free trial"
    r"|new members|our members|readers like you|fund (?:our|the) (?:mission|journalism|reporting|work)"
    r"|financial contribution|keep (?:our|this) (?:journalism|reporting|site) (?:free|accessible|open)"
    r"|gift (?:a )?(?:membership|subscription)",
    "newsletter": r"newsletter|sign(?:ing)? ?up|subscrib|your (?:e-?mail|inbox)|e-?mail address|indicates required"
    r"|get (?:the|our) .{0,30}(?:delivered|in your)|confirmation (?:e-?mail|link)|unsubscribe",
    "account": r"\blog ?in\b|\blog ?out\b|sign ?in\b|register\b|password|my account|create (?:an )?account",
    "share": r"\bshare\b|tweet|facebook|twitter|linkedin|pinterest|whatsapp|reddit|instagram|youtube|telegram"
    r"|e-?mail this|print this|copy link|follow us|\brss\b",
    "legal": r"cookie|privacy|terms (?:of|and|&)|all rights reserved|copyright|trademark|gdpr|consent"
    r"|personal data|legal notice|imprint|disclaimer",
    "nav": r"skip to|jump to|main menu|\bmenu\b|navigation|\bsearch\b|\bhome\b|back to top|\btop\b|breadcrumb"
    r"|\bclose\b|toggle|sitemap|site map|contact us|about us|careers|advertis",
    "teaser": r"related|read (?:more|next|also)|more (?:news|stories|from|on)|recommended|popular|trending|most read"
    r"|editors'? picks|editor's pick|don't miss|you may (?:also )?like|top stories|latest (?:news|stories)"
    r"|news feed|see (?:more|all)|view (?:more|all)|load more|watch:|listen:|more:|also read|sponsored|promoted"
    r"|from around the web|partner content|paid content",
    "meta": r"\d+ ?min(?:ute)?s? read|reading time|audio is|listen to (?:this|the) (?:article|story)|ai[- ]assist"
    r"|edit post|updated:?|published:?|posted (?:on|by|in)|last (?:updated|modified)|photo:|image:|credit:"
    r"|getty images|\bap photo|reuters|shutterstock|file photo|comments?\b|reply|\d+ (?:shares|views)"
    r"|says:\s*$|wrote:\s*$|report (?:abuse|comment)|\d+ (?:likes?|replies)\b",
    "advert": r"advertisement|\bad\b|ads by|sponsor|affiliate|commission",
}

BOILERPLATE_GROUPS: tuple[str, ...] = tuple(_GROUPS)

#: Fixed log-odds against article text per cue match, added to every classifier layer (a GLM offset). Training
#: pages are few, and cues such as membership appeals may occur on none of them; the prior keeps a cue meaning
#: "furniture" however rare it is in training, while the learned weights add what the data do show.
PRIOR: dict[str, float] = {
    "appeal": 1.5, "newsletter": 1.2, "account": 0.6, "share": 0.4, "legal": 0.6, "nav": 0.4, "teaser": 0.8,
    "meta": 0.8, "advert": 0.6,
}  # fmt: skip
# One scan per unit over lower-cased text, anchored at word starts (several times faster than IGNORECASE and
# unanchored); each group is a named alternative, and the match says which group fired. Every alternative starts
# with a word character, so the anchor is a look-behind and look-ahead pair: sre runs that about twice as fast as
# ``\b``. "©" is no word start and is counted apart.
_ANY = re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(f"(?P<{g}>{p})" for g, p in _GROUPS.items()) + ")")
_INDEX = {g: i for i, g in enumerate(_GROUPS)}
_LEGAL = _INDEX["legal"]
_SCAN = 200  # cues sit at the start of widget text; long paragraphs need not be scanned to the end

#: Class/id tokens (matched on lower-cased class/id/role) that mark furniture containers, and article bodies.
CLASS_BAD = re.compile(
    r"comment|share|sharing|social|related|promo|newsletter|subscri|cookie|consent|banner|sidebar|side-bar"
    r"|widget|footer|header|masthead|\bnav|menu|breadcrumb|byline|author|meta|tags?\b|topics|recommend|trending"
    r"|popular|outbrain|taboola|\bad\b|ads\b|advert|sponsor|modal|popup|overlay|signup|login|toolbar|caption"
    r"|credit|hidden|rail|teaser|card|more-|read-?more|paywall|donat|skip",
)
CLASS_GOOD = re.compile(
    r"article|content|entry|post|story|body|text|main|prose|rich|markdown|blog",
)


def count_groups(text: str) -> list[float]:
    """How many times each boilerplate group matches (the start of) ``text``, capped at 3 per group."""
    counts = [0.0] * len(_GROUPS)
    head = text[:_SCAN].lower()
    for m in _ANY.finditer(head):
        i = _INDEX[m.lastgroup or ""]
        if counts[i] < 3:
            counts[i] += 1.0
    if not head.isascii() or "(c)" in head:
        counts[_LEGAL] = min(3.0, counts[_LEGAL] + head.count("©") + head.count("(c)"))
    return counts


_PRIOR_WEIGHTS = [PRIOR[g] for g in _GROUPS]


def prior_offset(counts: list[float]) -> float:
    """The fixed log-odds offset for a unit's cue counts (from ``count_groups``)."""
    return -sum(w * c for w, c in zip(_PRIOR_WEIGHTS, counts, strict=True))
