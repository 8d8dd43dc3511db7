"""Recipients: the addressees of letters, and their address blocks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from babel import Locale

from desktop.core.errors import N_, Problem, ValidationError
from desktop.core.fields import FieldReader
from desktop.core.languages import DOCUMENT_LANGUAGES

KINDS = ("embassy", "consulate", "legislature", "member_of_parliament", "ministry", "official", "other")
GENDERS = ("female", "male", "")

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
    """

    organisation: str = ""
    kind: str = "other"
    honorific: str = ""  # "H.E.", "Dr", "Mr", "Ms"
    person: str = ""
    title: str = ""
    office: str = ""
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
        """A short human name for lists and file names."""
        return self.person or self.office or self.organisation or self.id

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", None, [], False)}


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
        person=r.text("person"),
        title=r.text("title"),
        office=r.text("office"),
        organisation=r.text("organisation"),
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
    if not (rec.person or rec.office or rec.organisation):
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
