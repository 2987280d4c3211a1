"""Canonical URLs without tracking parameters, so one story keeps one key however it was shared."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["clean_url"]

_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|icid|ocid|ncid|cmpid|cmp"
    r"|ito|itm_\w+|sr_share|igshid|mkt_tok|trk|trkcampaign|ref|ref_src|referrer|source|share|spm|smid|smtyp"
    r"|soc_src|soc_trk|wt\.mc_id|s_cid|cid|at_\w+|hsenc|hsmi|__twitter_impression|ns_\w+|rss|feed|partner)$",
    re.IGNORECASE,
)


def clean_url(url: str, base: str | None = None) -> str | None:
    """``url`` made absolute against ``base``, without fragment or tracking parameters; None if not http(s)."""
    url = url.strip()
    if not url or len(url) > 8192:
        return None
    try:
        absolute = urljoin(base, url) if base else url
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query, doseq=True), ""))
