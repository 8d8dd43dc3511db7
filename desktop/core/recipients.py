"""Recipients: the addressees of letters, and their address blocks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any

from babel import Locale

from desktop.core.errors import N_, Problem, ValidationError
from desktop.core.fields import FieldReader, LocalizedText, all_texts, has_text, localized, simplified
from desktop.core.languages import DOCUMENT_LANGUAGES

KINDS = ("embassy", "consulate", "legislature", "member_of_parliament", "ministry", "official", "other")
GENDERS = ("female", "male", "")

# The names a recipient may give per language ({"fr": "Ambassade de …", "de": "Botschaft …"}).
NAME_FIELDS = ("person", "title", "office", "organisation")

# The fields of a recipient, in the order of the CSV columns.
RECIPIENT_FIELDS = (
    "id", "kind", "honorific", "person", "title", "office", "organisation", "address_lines",
    "postal_code", "city", "region", "country", "language", "gender", "salutation", "email",
    "note", "verify",
)


@dataclass
class Recipient:
    """One addressee: a person, an office, or both.

    ``person`` is a name ("Anna Svensson"), ``title`` their function
    ("Ambassador"), ``office`` a named office without a person ("Chairman of
    the Investigative Committee"), ``organisation`` the institution.
    ``salutation`` overrides the automatic one when set. ``verify`` marks
    sample or unchecked data that must be verified before sending.

    The four names (:data:`NAME_FIELDS`) are :data:`LocalizedText`: one text,
    or one per language ({"fr": "Ambassade de la Fédération de Russie en
    Suède", "de": "Botschaft …"}, the key "" for a name whose language is not
    stated). A letter uses :meth:`in_language`, which picks its language's
    names, else the fallback ones.
    """

    organisation: LocalizedText = ""
    kind: str = "other"
    honorific: str = ""  # "H.E.", "Dr", "Mr", "Ms"
    person: LocalizedText = ""
    title: LocalizedText = ""
    office: LocalizedText = ""
    address_lines: list[str] = field(default_factory=list)
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    language: str = ""  # preferred letter language, e.g. "ru"
    gender: str = ""  # "female", "male" or "" when not known
    salutation: str = ""
    email: str = ""
    note: str = ""
    verify: bool = False
    id: str = ""

    @property
    def display_name(self) -> str:
        """A short human name for lists and file names (in the recipient's own language when it has names per language)."""
        lang = self.language or "en"
        return (localized(self.person, lang) or localized(self.office, lang) or localized(self.organisation, lang)
                or self.id)

    def name(self, field_name: str, language: str) -> str:
        """The ``person``/``title``/``office``/``organisation`` text for a ``language`` letter."""
        return localized(getattr(self, field_name), language)

    def in_language(self, language: str) -> "Recipient":
        """A copy whose names are plain texts in ``language`` (else the fallback): what a letter prints."""
        return replace(self, **{name: localized(getattr(self, name), language) for name in NAME_FIELDS})

    def has_languages(self) -> bool:
        """True when some name is given per language."""
        return any(isinstance(getattr(self, name), dict) for name in NAME_FIELDS)

    def all_names(self) -> list[str]:
        """Every name in every language (for searching)."""
        return [text for name in NAME_FIELDS for text in all_texts(getattr(self, name))]

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", None, [], False, {})}


def recipient_from_dict(data: Any, path: str = "recipient", problems: list[Problem] | None = None) -> Recipient:
    own = problems is None
    problems = [] if problems is None else problems
    r = FieldReader(data, path, problems)
    r.unknown(set(RECIPIENT_FIELDS))
    lines = r.lines("address_lines")
    rec = Recipient(
        id=r.text("id"),
        kind=r.choice("kind", KINDS, "other"),
        honorific=r.text("honorific"),
        person=_names(r, "person"),
        title=_names(r, "title"),
        office=_names(r, "office"),
        organisation=_names(r, "organisation"),
        address_lines=list(lines),
        postal_code=r.text("postal_code"),
        city=r.text("city"),
        region=r.text("region"),
        country=r.text("country").upper(),
        language=r.text("language").lower(),
        gender=r.choice("gender", GENDERS, ""),
        salutation=r.text("salutation"),
        email=r.text("email"),
        note=r.text("note"),
        verify=r.boolean("verify"),
    )
    if not (has_text(rec.person) or has_text(rec.office) or has_text(rec.organisation)):
        r.problem("", N_("needs a person, an office or an organisation to write to"))
    if rec.country and (len(rec.country) != 2 or not rec.country.isalpha()):
        r.problem("country", N_("must be a two-letter country code such as RU or SE"))
    if rec.language and rec.language not in DOCUMENT_LANGUAGES:
        # Letters to an unknown language would silently fall back to English.
        r.problem("language", N_("“%(value)s” is not a language Petition Desk writes letters in; use one of: "
                                 "%(choices)s, or leave it empty"), value=rec.language,
                  choices=", ".join(DOCUMENT_LANGUAGES))
    if own and problems:
        raise ValidationError(problems, source=path)
    return rec


def _names(r: FieldReader, key: str) -> LocalizedText:
    """A name as one text or per language; a language code the app does not write letters in is a problem."""
    value = r.ltext(key)
    if isinstance(value, dict):
        wrong = [k for k in value if k and k not in DOCUMENT_LANGUAGES]
        if wrong:
            r.problem(key, N_("gives a name for “%(value)s”, which is not a language Petition Desk writes letters "
                              "in; use one of: %(choices)s"), value=wrong[0], choices=", ".join(DOCUMENT_LANGUAGES))
    return simplified(value)


# Reading the words people type in spreadsheets for a recipient's fields.

# Region codes CLDR knows that are not countries a letter can go to.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ"})
# ISO 3166 reserves "UK" for the United Kingdom, and people write it.
_COUNTRY_ALIASES = {"UK": "GB"}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Casefolded country names in the document languages → ISO code."""
    names: dict[str, str] = {}
    for language in DOCUMENT_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if _is_country_code(code):
                names.setdefault(name.casefold(), code)
    return names


def _is_country_code(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha() and code not in _NOT_COUNTRIES


def country_code(text: str) -> str | None:
    """The ISO code for "se", "SE", "Sweden", "Швеция" …; ``""`` for no text, None if unknown."""
    text = " ".join(text.split())
    if not text:
        return ""
    upper = text.upper()
    upper = _COUNTRY_ALIASES.get(upper, upper)
    if _is_country_code(upper) and upper in Locale.parse("en").territories:
        return upper
    return _country_names().get(text.casefold())


def normalise_kind(text: str) -> str:
    """"Member of parliament", "member-of-parliament" → "member_of_parliament"; unknown words pass through."""
    key = "_".join(text.replace("-", " ").casefold().split())
    return {"mp": "member_of_parliament", "parliament": "legislature"}.get(key, key)


def normalise_gender(text: str) -> str:
    """"F", "Female", "woman" → "female"; unknown words pass through to be reported."""
    key = text.strip().casefold()
    if key in ("f", "female", "woman"):
        return "female"
    if key in ("m", "male", "man"):
        return "male"
    return key
