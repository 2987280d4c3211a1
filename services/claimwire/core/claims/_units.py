"""The unit and currency lexicon: surface forms after (or, for currencies, before) a number, and their names.

Units are named as in the NewsQuant vocabulary (lower-case singular English names: "percentage", "kilometre per
hour", "metric ton", "year of age"), so ``Quantity.unit`` is comparable across outlets and with that benchmark.
Currencies are ISO 4217 codes ("USD", "EUR", "UAH"), as in the event contract's examples; a plain "$" is read
as USD, the convention of the English-language wire press. Sub-units without a stated currency stay words
("cent", "penny", "sen"). A rate appends its denominator: "USD per barrel", "percentage per year".
"""

from __future__ import annotations

import re
from typing import Final

from claimwire.core.claims._numbers import Token

__all__ = [
    "CURRENCY_NAMES",
    "CURRENCY_PREFIX_RE",
    "PER_DENOMINATORS",
    "UNITS_EXACT",
    "UNITS_LOWER",
    "currency_prefix",
    "match_unit",
    "per_unit",
    "us_after_dollar",
]


def _table(spec: str) -> dict[tuple[str, ...], str]:
    """Parse ``name: form | form | ...`` lines; a form's words are split on spaces (tokens of the scanner)."""
    out: dict[tuple[str, ...], str] = {}
    for line in spec.strip().splitlines():
        name, _, forms = line.partition(":")
        for form in forms.split("|"):
            key = tuple(form.split())
            if key:
                out[key] = name.strip()
    return out


# Case-insensitive word forms (matched on lower-cased tokens). Punctuation is tokenised apart: "km/h" = km / h.
UNITS_LOWER: Final = _table("""
percentage: % | percent | per cent | pct | percentage | per - cent | percent - owned
percentage point: percentage points | percentage point | ppt | ppts | pp
basis point: basis points | basis point | bps | bp
kilometre: km | kms | kilometre | kilometres | kilometer | kilometers
metre: metre | metres | meter | meters
centimetre: cm | centimetre | centimetres | centimeter | centimeters
millimetre: mm | millimetre | millimetres | millimeter | millimeters
micrometre: μm | µm | micrometre | micrometres | micrometer | micrometers | micron | microns
nanometre: nm | nanometre | nanometres | nanometer | nanometers
mile: mile | miles | mi
nautical mile: nautical miles | nautical mile
foot: ft | feet | foot
inch: inch | inches
yard: yard | yards | yd | yds
light year: light years | light - years | light year | light - year
square metre: sq m | sqm | m 2 | square metres | square meters | square metre | square meter | m2 | m²
square kilometre: sq km | km 2 | square kilometres | square kilometers | square kilometre | km2 | km²
square foot: sq ft | square feet | square foot
square mile: square miles | square mile | sq mi
hectare: hectare | hectares | ha
acre: acre | acres
kilogram: kg | kgs | kilo | kilos | kilogram | kilograms | kilogramme | kilogrammes
gram: gram | grams | gramme | grammes
milligram: mg | milligram | milligrams
metric ton: tonne | tonnes | metric tons | metric ton
ton: ton | tons
gigaton: gigatonnes | gigatonne | gigatons | gigaton
megaton: megatonnes | megatonne | megatons | megaton
pound-mass: lb | lbs | pound | pounds
ounce: oz | ounce | ounces
litre: litre | litres | liter | liters
millilitre: ml | millilitre | millilitres | milliliter | milliliters
gallon: gallon | gallons
pint: pint | pints
barrel: barrel | barrels | bbl
barrel of oil: barrels of oil | barrel of oil
barrel per day: bpd | barrels per day | barrels a day | barrel - a - day | barrels - a - day
cubic metre: m 3 | cubic metres | cubic meters | cubic metre | cubic meter | m3 | m³
mile per hour: mph | m . p . h . | miles per hour | miles an hour | mile per hour
kilometre per hour: km / h | kph | kmh | kilometres per hour | kilometers per hour | kilometres an hour
metre per second: m / s | metres per second | meters per second
mile per gallon: mpg | miles per gallon
knot: knot | knots
watt: watt | watts
kilowatt: kw | kilowatt | kilowatts
megawatt: mw | megawatt | megawatts
gigawatt: gw | gigawatt | gigawatts
terawatt: tw | terawatt | terawatts
kilowatt hour: kwh | kilowatt hours | kilowatt - hours
megawatt hour: mwh | megawatt hours | megawatt - hours
gigawatt hour: gwh | gigawatt hours | gigawatt - hours
terawatt hour: twh | terawatt hours | terawatt - hours
horsepower: hp | horsepower
brake horsepower: bhp
newton metre: nm
foot pound-force: lb - ft | pound - feet
volt: volt | volts
hertz: hz | hertz
kilohertz: khz | kilohertz
megahertz: mhz | megahertz
gigahertz: ghz | gigahertz
mega british thermal unit: mmbtu
kilobyte: kb | kilobytes
megabyte: mb | megabytes
gigabyte: gb | gigabytes
terabyte: tb | terabytes
megabit per second: mbps | mbit / s
gigabit per second: gbps
celsius: degrees celsius | degree celsius | ° c | °c | degc | deg c | celsius | centigrade | degree c
fahrenheit: degrees fahrenheit | degree fahrenheit | ° f | °f | degf | deg f | fahrenheit
degree: degrees | degree | °
second: second | seconds | sec | secs
minute: minute | minutes | min | mins
hour: hour | hours | hr | hrs
day: day | days
week: week | weeks
month: month | months
year: year | years | yr | yrs
decade: decade | decades
century: century | centuries
year of age: year - old | years - old | year old | years old | - year - old | - years - old
month of age: month - old | months - old | months old | month old | - month - old
week of age: week - old | weeks - old | weeks old | - week - old
day of age: day - old | days - old | days old | - day - old
decibel: decibels | decibel | db
part per million: ppm | parts per million
kilopound per square inch: ksi
megapascal: mpa
pound-force per square inch: psi
point: points | point | pts
times: times | x
calorie: calories | calorie | kcal
megapixel: megapixels | mp
""")

# Symbols whose case matters: "M" is not "m", and "F"/"C" only as temperature after a number.
UNITS_EXACT: Final = _table("""
celsius: C
fahrenheit: F
gram: g
litre: l | L
metre: m
watt: W
volt: V
horsepower: PS
megawatt: MW
milliwatt: mW
newton metre: Nm
""")

_CURRENCY_WORDS: Final = _table("""
USD: dollar | dollars | us dollars | u . s . dollars | usd
HKD: hong kong dollars | hk dollars | hkd
SGD: singapore dollars | singaporean dollars | sgd
AUD: australian dollars | aud
CAD: canadian dollars | cad
NZD: new zealand dollars | nzd
EUR: euro | euros | eur | €
GBP: pounds sterling | sterling | gbp | £ | british pounds
JPY: yen | jpy
CNY: yuan | renminbi | cny | rmb
INR: rupee | rupees | inr | indian rupees
UAH: hryvnia | hryvnias | hryvnas | hryvni | uah
RUB: rouble | roubles | ruble | rubles | rub
ILS: shekel | shekels | ils | nis
DKK: danish crowns | danish kroner | dkk
SEK: swedish crowns | swedish kronor | kronor | krona | sek
NOK: norwegian crowns | norwegian kroner | nok
CHF: swiss francs | francs | franc | chf
KRW: won | krw
peso: peso | pesos
MYR: ringgit | myr
ZAR: rand | zar
TRY: lira | liras | try
PLN: zloty | zlotys | pln
THB: baht
cent: cent | cents
penny: pence | p
sen: sen
BTC: bitcoin | bitcoins | btc
""")
UNITS_LOWER.update(_CURRENCY_WORDS)
CURRENCY_NAMES: Final = frozenset(_CURRENCY_WORDS.values())

# Checked against the text just before a number (anchored at its end). Longest forms first.
CURRENCY_PREFIX_RE: Final = re.compile(
    r"(?:(?P<usd>(?<![A-Za-z])(?:US\s?\$|\$\s?US|U\.S\.\s?\$|USD)|\$)"
    r"|(?P<hkd>(?<![A-Za-z])HK\s?\$)|(?P<sgd>(?<![A-Za-z])S\s?\$)|(?P<aud>(?<![A-Za-z])A(?:U)?\s?\$)"
    r"|(?P<cad>(?<![A-Za-z])C(?:A)?\s?\$)|(?P<nzd>(?<![A-Za-z])NZ\s?\$)"
    r"|(?P<eur>€|(?<![A-Za-z])EUR)|(?P<gbp>£|(?<![A-Za-z])GBP|(?<![A-Za-z])PS(?=$))"
    r"|(?P<jpy>¥|(?<![A-Za-z])JPY|(?<![A-Za-z])Y=)|(?P<cny>(?<![A-Za-z])(?:CNY|RMB))"
    r"|(?P<inr>₹|(?<![A-Za-z])(?:INR|Rs\.?))|(?P<uah>₴|(?<![A-Za-z])UAH)|(?P<rub>₽|(?<![A-Za-z])RUB)"
    r"|(?P<myr>(?<![A-Za-z])RM)|(?P<chf>(?<![A-Za-z])CHF)|(?P<ils>₪|(?<![A-Za-z])NIS)|(?P<krw>₩)|(?P<try>₺))"
    r"\s?$"
)
_PREFIX_NAMES: Final = {
    "usd": "USD", "hkd": "HKD", "sgd": "SGD", "aud": "AUD",
    "cad": "CAD", "nzd": "NZD", "eur": "EUR", "gbp": "GBP",
    "jpy": "JPY", "cny": "CNY", "inr": "INR", "uah": "UAH",
    "rub": "RUB", "myr": "MYR", "chf": "CHF", "ils": "ILS",
    "krw": "KRW", "try": "TRY",
}  # fmt: skip


def currency_prefix(before: str) -> tuple[str, int] | None:
    """The currency written just before a number: (name, length of its surface in ``before``), or None.

    ``before`` is the text up to the number (a short window is enough). "PS" counts only when glued to the digits:
    it is how a lost "£" shows up in scraped text ("PS2.7m"), while "300 PS" after a number is horsepower.
    """
    m = CURRENCY_PREFIX_RE.search(before[-8:])
    if m is None or m.lastgroup is None:
        return None
    if m.lastgroup == "gbp" and m.group().startswith("PS") and m.group() != "PS":
        return None
    return _PREFIX_NAMES[m.lastgroup], len(m.group())


# "$3,500 a month", "US $58.24 per barrel", "cents per share": the denominator of a rate.
PER_DENOMINATORS: Final[dict[str, str]] = {
    "year": "year", "annum": "year", "month": "month", "week": "week", "day": "day", "hour": "hour",
    "minute": "minute", "second": "second", "barrel": "barrel", "gallon": "gallon", "litre": "litre",
    "liter": "litre", "share": "share", "person": "person", "head": "person", "capita": "person",
    "kilogram": "kilogram", "kg": "kilogram", "tonne": "metric ton", "ton": "ton", "ounce": "ounce",
    "mmbtu": "mega british thermal unit", "kwh": "kilowatt hour", "mwh": "megawatt hour", "night": "night",
    "square": "square", "pound": "pound-mass", "lb": "pound-mass", "unit": "unit", "game": "game",
}  # fmt: skip


_FIRST_EXACT: Final = {k[0]: max(len(x) for x in UNITS_EXACT if x[0] == k[0]) for k in UNITS_EXACT}
_FIRST_LOWER: Final = {k[0]: max(len(x) for x in UNITS_LOWER if x[0] == k[0]) for k in UNITS_LOWER}


def match_unit(tokens: list[Token], j: int) -> tuple[str, int] | None:
    """The longest unit or currency starting at token ``j``: (name, index after it)."""
    n = len(tokens)
    if j >= n:
        return None
    longest = max(_FIRST_EXACT.get(tokens[j].text, 0), _FIRST_LOWER.get(tokens[j].lower, 0))
    for length in range(min(longest, n - j), 0, -1):
        span = tokens[j : j + length]
        # multi-token units are written without breaks except single spaces ("sq m", "km/h", "lb-ft")
        if any(span[k].end != span[k + 1].start and not span[k].is_word for k in range(length - 1)):
            continue
        key_exact = tuple(t.text for t in span)
        if key_exact in UNITS_EXACT:
            return UNITS_EXACT[key_exact], j + length
        key = tuple(t.lower for t in span)
        if key in UNITS_LOWER:
            return UNITS_LOWER[key], j + length
    return None


def per_unit(tokens: list[Token], j: int, unit: str) -> tuple[str, int]:
    """Extend ``unit`` by a rate denominator at ``j`` ("per barrel", "a month", "/kg")."""
    n = len(tokens)
    if j + 1 < n and tokens[j].lower in ("per", "a", "an", "/", "each"):
        w = tokens[j + 1].lower
        w = w[:-1] if w.endswith("s") and w[:-1] in PER_DENOMINATORS else w
        later = j + 2 < n and tokens[j + 2].lower in ("ago", "earlier", "later", "before", "after", "on", "from")
        if w in PER_DENOMINATORS and not later and not (tokens[j].lower in ("a", "an") and w in ("unit", "game")):
            return f"{unit} per {PER_DENOMINATORS[w]}", j + 2
    return unit, j


def us_after_dollar(tokens: list[Token], j: int) -> int:
    """Tokens taken by a "US" / "U.S." written after a dollar amount ("$76 US a barrel"), 0 if absent."""
    if j < len(tokens) and tokens[j].text == "US":
        return 1
    if [t.text for t in tokens[j : j + 4]] in (["U", ".", "S", "."], ["U", ".", "S"]):
        return 4 if j + 3 < len(tokens) and tokens[j + 3].text == "." else 3
    return 0


