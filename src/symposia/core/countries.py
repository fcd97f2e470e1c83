"""ISO 3166-1 alpha-2 country codes with a short English name and a world region.

The regions are the ten the panel's diversity targets use (and the demo
symposium shows): North America, Europe, East Asia, Southeast Asia, South Asia,
Oceania, Middle East, Latin America, Africa and Central Asia. Where a country
is commonly placed in two regions we chose one and say so here:

* Egypt, Türkiye and Iran are "Middle East" (as foreign-policy programmes file them);
* Afghanistan is "South Asia"; Armenia, Azerbaijan and Georgia are "Central Asia";
* the Caribbean and Mexico are "Latin America"; Greenland and Bermuda "North America";
* uninhabited and Antarctic territories go with the nearest region.

Kosovo's user-assigned code ``XK`` is accepted as well, since rosters use it.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

REGIONS: tuple[str, ...] = (
    "North America",
    "Europe",
    "East Asia",
    "Southeast Asia",
    "South Asia",
    "Oceania",
    "Middle East",
    "Latin America",
    "Africa",
    "Central Asia",
)

_NA, _EU, _EA, _SEA, _SA, _OC, _ME, _LA, _AF, _CA = REGIONS

# code, short name, region
_TABLE: tuple[tuple[str, str, str], ...] = (
    ("AD", "Andorra", _EU),
    ("AE", "United Arab Emirates", _ME),
    ("AF", "Afghanistan", _SA),
    ("AG", "Antigua and Barbuda", _LA),
    ("AI", "Anguilla", _LA),
    ("AL", "Albania", _EU),
    ("AM", "Armenia", _CA),
    ("AO", "Angola", _AF),
    ("AQ", "Antarctica", _OC),
    ("AR", "Argentina", _LA),
    ("AS", "American Samoa", _OC),
    ("AT", "Austria", _EU),
    ("AU", "Australia", _OC),
    ("AW", "Aruba", _LA),
    ("AX", "Åland Islands", _EU),
    ("AZ", "Azerbaijan", _CA),
    ("BA", "Bosnia and Herzegovina", _EU),
    ("BB", "Barbados", _LA),
    ("BD", "Bangladesh", _SA),
    ("BE", "Belgium", _EU),
    ("BF", "Burkina Faso", _AF),
    ("BG", "Bulgaria", _EU),
    ("BH", "Bahrain", _ME),
    ("BI", "Burundi", _AF),
    ("BJ", "Benin", _AF),
    ("BL", "Saint Barthélemy", _LA),
    ("BM", "Bermuda", _NA),
    ("BN", "Brunei", _SEA),
    ("BO", "Bolivia", _LA),
    ("BQ", "Bonaire, Sint Eustatius and Saba", _LA),
    ("BR", "Brazil", _LA),
    ("BS", "Bahamas", _LA),
    ("BT", "Bhutan", _SA),
    ("BV", "Bouvet Island", _OC),
    ("BW", "Botswana", _AF),
    ("BY", "Belarus", _EU),
    ("BZ", "Belize", _LA),
    ("CA", "Canada", _NA),
    ("CC", "Cocos (Keeling) Islands", _OC),
    ("CD", "Democratic Republic of the Congo", _AF),
    ("CF", "Central African Republic", _AF),
    ("CG", "Republic of the Congo", _AF),
    ("CH", "Switzerland", _EU),
    ("CI", "Côte d'Ivoire", _AF),
    ("CK", "Cook Islands", _OC),
    ("CL", "Chile", _LA),
    ("CM", "Cameroon", _AF),
    ("CN", "China", _EA),
    ("CO", "Colombia", _LA),
    ("CR", "Costa Rica", _LA),
    ("CU", "Cuba", _LA),
    ("CV", "Cabo Verde", _AF),
    ("CW", "Curaçao", _LA),
    ("CX", "Christmas Island", _OC),
    ("CY", "Cyprus", _EU),
    ("CZ", "Czechia", _EU),
    ("DE", "Germany", _EU),
    ("DJ", "Djibouti", _AF),
    ("DK", "Denmark", _EU),
    ("DM", "Dominica", _LA),
    ("DO", "Dominican Republic", _LA),
    ("DZ", "Algeria", _AF),
    ("EC", "Ecuador", _LA),
    ("EE", "Estonia", _EU),
    ("EG", "Egypt", _ME),
    ("EH", "Western Sahara", _AF),
    ("ER", "Eritrea", _AF),
    ("ES", "Spain", _EU),
    ("ET", "Ethiopia", _AF),
    ("FI", "Finland", _EU),
    ("FJ", "Fiji", _OC),
    ("FK", "Falkland Islands", _LA),
    ("FM", "Micronesia", _OC),
    ("FO", "Faroe Islands", _EU),
    ("FR", "France", _EU),
    ("GA", "Gabon", _AF),
    ("GB", "United Kingdom", _EU),
    ("GD", "Grenada", _LA),
    ("GE", "Georgia", _CA),
    ("GF", "French Guiana", _LA),
    ("GG", "Guernsey", _EU),
    ("GH", "Ghana", _AF),
    ("GI", "Gibraltar", _EU),
    ("GL", "Greenland", _NA),
    ("GM", "Gambia", _AF),
    ("GN", "Guinea", _AF),
    ("GP", "Guadeloupe", _LA),
    ("GQ", "Equatorial Guinea", _AF),
    ("GR", "Greece", _EU),
    ("GS", "South Georgia and the South Sandwich Islands", _LA),
    ("GT", "Guatemala", _LA),
    ("GU", "Guam", _OC),
    ("GW", "Guinea-Bissau", _AF),
    ("GY", "Guyana", _LA),
    ("HK", "Hong Kong", _EA),
    ("HM", "Heard Island and McDonald Islands", _OC),
    ("HN", "Honduras", _LA),
    ("HR", "Croatia", _EU),
    ("HT", "Haiti", _LA),
    ("HU", "Hungary", _EU),
    ("ID", "Indonesia", _SEA),
    ("IE", "Ireland", _EU),
    ("IL", "Israel", _ME),
    ("IM", "Isle of Man", _EU),
    ("IN", "India", _SA),
    ("IO", "British Indian Ocean Territory", _SA),
    ("IQ", "Iraq", _ME),
    ("IR", "Iran", _ME),
    ("IS", "Iceland", _EU),
    ("IT", "Italy", _EU),
    ("JE", "Jersey", _EU),
    ("JM", "Jamaica", _LA),
    ("JO", "Jordan", _ME),
    ("JP", "Japan", _EA),
    ("KE", "Kenya", _AF),
    ("KG", "Kyrgyzstan", _CA),
    ("KH", "Cambodia", _SEA),
    ("KI", "Kiribati", _OC),
    ("KM", "Comoros", _AF),
    ("KN", "Saint Kitts and Nevis", _LA),
    ("KP", "North Korea", _EA),
    ("KR", "South Korea", _EA),
    ("KW", "Kuwait", _ME),
    ("KY", "Cayman Islands", _LA),
    ("KZ", "Kazakhstan", _CA),
    ("LA", "Laos", _SEA),
    ("LB", "Lebanon", _ME),
    ("LC", "Saint Lucia", _LA),
    ("LI", "Liechtenstein", _EU),
    ("LK", "Sri Lanka", _SA),
    ("LR", "Liberia", _AF),
    ("LS", "Lesotho", _AF),
    ("LT", "Lithuania", _EU),
    ("LU", "Luxembourg", _EU),
    ("LV", "Latvia", _EU),
    ("LY", "Libya", _AF),
    ("MA", "Morocco", _AF),
    ("MC", "Monaco", _EU),
    ("MD", "Moldova", _EU),
    ("ME", "Montenegro", _EU),
    ("MF", "Saint Martin (French part)", _LA),
    ("MG", "Madagascar", _AF),
    ("MH", "Marshall Islands", _OC),
    ("MK", "North Macedonia", _EU),
    ("ML", "Mali", _AF),
    ("MM", "Myanmar", _SEA),
    ("MN", "Mongolia", _EA),
    ("MO", "Macao", _EA),
    ("MP", "Northern Mariana Islands", _OC),
    ("MQ", "Martinique", _LA),
    ("MR", "Mauritania", _AF),
    ("MS", "Montserrat", _LA),
    ("MT", "Malta", _EU),
    ("MU", "Mauritius", _AF),
    ("MV", "Maldives", _SA),
    ("MW", "Malawi", _AF),
    ("MX", "Mexico", _LA),
    ("MY", "Malaysia", _SEA),
    ("MZ", "Mozambique", _AF),
    ("NA", "Namibia", _AF),
    ("NC", "New Caledonia", _OC),
    ("NE", "Niger", _AF),
    ("NF", "Norfolk Island", _OC),
    ("NG", "Nigeria", _AF),
    ("NI", "Nicaragua", _LA),
    ("NL", "Netherlands", _EU),
    ("NO", "Norway", _EU),
    ("NP", "Nepal", _SA),
    ("NR", "Nauru", _OC),
    ("NU", "Niue", _OC),
    ("NZ", "New Zealand", _OC),
    ("OM", "Oman", _ME),
    ("PA", "Panama", _LA),
    ("PE", "Peru", _LA),
    ("PF", "French Polynesia", _OC),
    ("PG", "Papua New Guinea", _OC),
    ("PH", "Philippines", _SEA),
    ("PK", "Pakistan", _SA),
    ("PL", "Poland", _EU),
    ("PM", "Saint Pierre and Miquelon", _NA),
    ("PN", "Pitcairn", _OC),
    ("PR", "Puerto Rico", _LA),
    ("PS", "Palestine", _ME),
    ("PT", "Portugal", _EU),
    ("PW", "Palau", _OC),
    ("PY", "Paraguay", _LA),
    ("QA", "Qatar", _ME),
    ("RE", "Réunion", _AF),
    ("RO", "Romania", _EU),
    ("RS", "Serbia", _EU),
    ("RU", "Russia", _EU),
    ("RW", "Rwanda", _AF),
    ("SA", "Saudi Arabia", _ME),
    ("SB", "Solomon Islands", _OC),
    ("SC", "Seychelles", _AF),
    ("SD", "Sudan", _AF),
    ("SE", "Sweden", _EU),
    ("SG", "Singapore", _SEA),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha", _AF),
    ("SI", "Slovenia", _EU),
    ("SJ", "Svalbard and Jan Mayen", _EU),
    ("SK", "Slovakia", _EU),
    ("SL", "Sierra Leone", _AF),
    ("SM", "San Marino", _EU),
    ("SN", "Senegal", _AF),
    ("SO", "Somalia", _AF),
    ("SR", "Suriname", _LA),
    ("SS", "South Sudan", _AF),
    ("ST", "São Tomé and Príncipe", _AF),
    ("SV", "El Salvador", _LA),
    ("SX", "Sint Maarten (Dutch part)", _LA),
    ("SY", "Syria", _ME),
    ("SZ", "Eswatini", _AF),
    ("TC", "Turks and Caicos Islands", _LA),
    ("TD", "Chad", _AF),
    ("TF", "French Southern Territories", _AF),
    ("TG", "Togo", _AF),
    ("TH", "Thailand", _SEA),
    ("TJ", "Tajikistan", _CA),
    ("TK", "Tokelau", _OC),
    ("TL", "Timor-Leste", _SEA),
    ("TM", "Turkmenistan", _CA),
    ("TN", "Tunisia", _AF),
    ("TO", "Tonga", _OC),
    ("TR", "Türkiye", _ME),
    ("TT", "Trinidad and Tobago", _LA),
    ("TV", "Tuvalu", _OC),
    ("TW", "Taiwan", _EA),
    ("TZ", "Tanzania", _AF),
    ("UA", "Ukraine", _EU),
    ("UG", "Uganda", _AF),
    ("UM", "United States Minor Outlying Islands", _OC),
    ("US", "United States", _NA),
    ("UY", "Uruguay", _LA),
    ("UZ", "Uzbekistan", _CA),
    ("VA", "Holy See", _EU),
    ("VC", "Saint Vincent and the Grenadines", _LA),
    ("VE", "Venezuela", _LA),
    ("VG", "British Virgin Islands", _LA),
    ("VI", "U.S. Virgin Islands", _LA),
    ("VN", "Vietnam", _SEA),
    ("VU", "Vanuatu", _OC),
    ("WF", "Wallis and Futuna", _OC),
    ("WS", "Samoa", _OC),
    ("XK", "Kosovo", _EU),
    ("YE", "Yemen", _ME),
    ("YT", "Mayotte", _AF),
    ("ZA", "South Africa", _AF),
    ("ZM", "Zambia", _AF),
    ("ZW", "Zimbabwe", _AF),
)

# Other spellings rosters use for the same countries (matched after folding).
_ALIASES: dict[str, str] = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "republic of korea": "KR",
    "korea, republic of": "KR",
    "korea (south)": "KR",
    "korea south": "KR",
    "rok": "KR",
    "democratic people's republic of korea": "KP",
    "korea, democratic people's republic of": "KP",
    "korea (north)": "KP",
    "dprk": "KP",
    "people's republic of china": "CN",
    "prc": "CN",
    "mainland china": "CN",
    "republic of china": "TW",
    "taiwan, province of china": "TW",
    "hong kong sar": "HK",
    "macau": "MO",
    "russian federation": "RU",
    "iran, islamic republic of": "IR",
    "syrian arab republic": "SY",
    "viet nam": "VN",
    "lao people's democratic republic": "LA",
    "brunei darussalam": "BN",
    "burma": "MM",
    "turkey": "TR",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cape verde": "CV",
    "swaziland": "SZ",
    "macedonia": "MK",
    "moldova, republic of": "MD",
    "tanzania, united republic of": "TZ",
    "bolivia, plurinational state of": "BO",
    "venezuela, bolivarian republic of": "VE",
    "micronesia, federated states of": "FM",
    "palestine, state of": "PS",
    "vatican": "VA",
    "vatican city": "VA",
    "east timor": "TL",
    "the netherlands": "NL",
    "holland": "NL",
    "the bahamas": "BS",
    "the gambia": "GM",
    "uae": "AE",
    "drc": "CD",
    "dr congo": "CD",
    "congo": "CG",
}


@dataclass(frozen=True)
class Country:
    """One country: ISO code, short English name and world region."""

    code: str
    name: str
    region: str


COUNTRIES: dict[str, Country] = {code: Country(code, name, region) for code, name, region in _TABLE}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


_BY_NAME: dict[str, str] = {
    **{_fold(c.name): c.code for c in COUNTRIES.values()},
    **{_fold(k): v for k, v in _ALIASES.items()},
}
_REGION_BY_FOLD = {_fold(r): r for r in REGIONS}


def country(code: str) -> Country | None:
    """The country with ISO alpha-2 ``code`` (any case), or None."""
    return COUNTRIES.get(code.strip().upper())


def region_of(code: str) -> str:
    """The world region of a country code; empty for an unknown or empty code."""
    c = country(code)
    return c.region if c else ""


def name_of(code: str) -> str:
    """The short English name of a country code; the code itself when unknown."""
    c = country(code)
    return c.name if c else code


def lookup(text: str) -> str | None:
    """The ISO code for a code or a country name as rosters write it, or None.

    ``"kr"``, ``"KR"``, ``"South Korea"``, ``"Korea, Republic of"`` and ``"ROK"``
    all give ``"KR"``. A bare "Korea" is ambiguous and gives None.
    """
    raw = text.strip()
    if not raw:
        return None
    if len(raw) == 2 and raw.upper() in COUNTRIES:
        return raw.upper()
    return _BY_NAME.get(_fold(raw))


def suggest(text: str, n: int = 3) -> list[str]:
    """Codes of the countries whose names look most like ``text`` (for error messages)."""
    folded = _fold(text)
    if not folded:
        return []
    close = difflib.get_close_matches(folded, list(_BY_NAME), n=n, cutoff=0.6)
    out: list[str] = []
    for name in close:
        code = _BY_NAME[name]
        if code not in out:
            out.append(code)
    return out


def canonical_region(text: str) -> str | None:
    """The region as spelt in :data:`REGIONS` for any casing of it, or None."""
    return _REGION_BY_FOLD.get(_fold(text))
