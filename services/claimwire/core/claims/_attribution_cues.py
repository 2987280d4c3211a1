"""Find reporting cues as a tagging problem: each token is outside a cue (O), begins one (B) or continues one (I).

PolNeAR's cues are broad and often several words long ("said in a statement", "has called for", "according
to", "did not respond to", a colon before a tweet), so a word list with a yes/no per word misses many and cuts
most multi-word cues wrong. A linear-chain model decodes the best tag sequence of a whole sentence with Viterbi:
per-token features (the word, its neighbours, suffixes, shape, the word's cue rate in training, whether it sits
inside a quotation, the cue rate of the sentence's strongest other cue word, a "that" just after) give each tag a
score, and learned transition scores keep spans well formed. Trained as an
averaged structured perceptron by ``train/attribution.py``; both training and run time make features here.

Weights are stored relative to the O tag (O scores 0 everywhere), which leaves the best path unchanged and halves
what is shipped and summed.
"""

from __future__ import annotations

from claimwire.core.claims._sentence_tokens import Tokens

__all__ = [
    "CUE_FEATURES_VERSION",
    "NEIGHBOURS",
    "TAGS",
    "context_features",
    "cue_token_features",
    "decode",
    "emissions",
    "rate_bucket",
    "stem",
    "word_features",
]

CUE_FEATURES_VERSION = "c5"
#: Tag indices: 0 = O, 1 = B, 2 = I.
TAGS = ("O", "B", "I")
_NEG = float("-inf")


def rate_bucket(rate: float) -> str:
    """A word's cue rate in training, coarsened so rare and frequent words share weights."""
    if rate <= 0.0:
        return "0"
    if rate < 0.02:
        return "a"
    if rate < 0.1:
        return "b"
    if rate < 0.3:
        return "c"
    if rate < 0.6:
        return "d"
    return "e"


def stem(word: str) -> str:
    """A crude inflection-stripping stem, so "criticize", "criticized" and "criticizes" share weights."""
    n = len(word)
    if n > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif n > 5 and word.endswith("ing"):
        word = word[:-3]
    elif (n > 4 and word.endswith("ed")) or (n > 3 and word.endswith("es")):
        word = word[:-2]
    elif n > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def word_features(word: str) -> list[str]:
    """The features of a token that depend on its own word alone (cached per word at run time)."""
    return ["w=" + word, "s3=" + word[-3:], "s2=" + word[-2:], "st=" + stem(word)]


#: Prefixes of the features naming a neighbour's word, by offset (also cached per word at run time).
NEIGHBOURS = ((-1, "p1="), (-2, "p2="), (1, "n1="), (2, "n2="))


def context_features(toks: Tokens, rates: dict[str, float], quoted: list[bool], has_quote: bool) -> list[list[str]]:
    """The features of every token of a sentence that depend on more than one word."""
    low, shapes, words = toks.lower, toks.shapes, toks.words
    n = len(low)
    pad_w = ["<s>", "<s>", *low, "</s>", "</s>"]
    pad_s = ["<s>", "<s>", *shapes, "</s>", "</s>"]
    r = [rate_bucket(rates.get(w, 0.0)) for w in low]
    pad_r = ["<", "<", *r, ">", ">"]
    hq = "q" if has_quote else "-"
    top = sorted(rates.get(w, 0.0) for w in low)[-2:] if n else [0.0]
    out = []
    for i in range(n):
        w = low[i]
        j = i + 2
        p1, n1 = pad_w[j - 1], pad_w[j + 1]
        shp = shapes[i] + pad_s[j - 1] + pad_s[j + 1]
        ri = r[i]
        qi = "Q" if quoted[i] else "-"
        rate = rates.get(w, 0.0)
        mx = rate_bucket(top[-1] if top[-1] != rate or len(top) < 2 else top[0])  # the strongest other cue word
        that = "T" if "that" in low[i + 1 : i + 4] else "-"
        out.append(
            [
                "b",
                "wp=" + w + "|" + p1,
                "wn=" + w + "|" + n1,
                "pn=" + p1 + "|" + n1,
                "rs=" + ri + shp + pad_r[j - 1] + pad_r[j + 1],
                "rq=" + ri + qi + hq + ("C" if words[i][:1].isupper() else "l") + ("0" if i == 0 else "1"),
                "wq=" + w + "|" + qi + hq,
                "p1s3=" + p1 + "|" + w[-3:],
                "n1s2=" + n1 + "|" + pad_s[j + 2],  # "reported on March 30" is not "reported on the talks"
                "mx=" + ri + mx + qi,  # PolNeAR gives a token to one attribution: a "said" nearby takes the verbs
                "wmx=" + w + "|" + mx,
                "th=" + ri + that + shapes[i - 1 if i else 0],
            ]
        )
    return out


def cue_token_features(toks: Tokens, rates: dict[str, float], quoted: list[bool], has_quote: bool) -> list[list[str]]:
    """All features of every token of a sentence (training uses these; run time sums the same weights faster)."""
    low = toks.lower
    n = len(low)
    pad = ["<s>", "<s>", *low, "</s>", "</s>"]
    ctx = context_features(toks, rates, quoted, has_quote)
    return [word_features(low[i]) + [p + pad[i + 2 + k] for k, p in NEIGHBOURS] + ctx[i] for i in range(n)]


def emissions(feats: list[list[str]], weights: dict[str, tuple[float, float]]) -> list[tuple[float, float]]:
    """Per token, the (B, I) scores relative to O: the sums of the features' weights."""
    get = weights.get
    zero = (0.0, 0.0)
    out = []
    for fs in feats:
        e_b = e_i = 0.0
        for f in fs:
            wb, wi = get(f, zero)
            e_b += wb
            e_i += wi
        out.append((e_b, e_i))
    return out


def decode(emit: list[tuple[float, float]], trans: list[list[float]]) -> list[int]:
    """The best tag sequence (indices into ``TAGS``) given per-token (B, I) scores; ``trans[prev][cur]`` with
    row 3 = sentence start. I may only follow B or I."""
    n = len(emit)
    if n == 0:
        return []
    back: list[tuple[int, int, int]] = []
    start = trans[3]
    so, sb, si = start[0], start[1] + emit[0][0], _NEG
    t_o, t_b, t_i = trans[0], trans[1], trans[2]
    for k in range(1, n):
        e_b, e_i = emit[k]
        o_from = max((so + t_o[0], 0), (sb + t_b[0], 1), (si + t_i[0], 2))
        b_from = max((so + t_o[1], 0), (sb + t_b[1], 1), (si + t_i[1], 2))
        i_from = max((sb + t_b[2], 1), (si + t_i[2], 2))
        back.append((o_from[1], b_from[1], i_from[1]))
        so, sb, si = o_from[0], b_from[0] + e_b, i_from[0] + e_i
    tag = max((so, 0), (sb, 1), (si, 2))[1]
    tags = [tag]
    for bp in reversed(back):
        tag = bp[tag]
        tags.append(tag)
    tags.reverse()
    return tags
