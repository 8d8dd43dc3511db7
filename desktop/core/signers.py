"""Signers: the people who sign a letter, kept as profiles in the library."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.core.errors import N_, Problem, ValidationError
from desktop.core.fields import FieldReader, LocalizedText, localized, simplified

SIGNER_FIELDS = ("id", "name", "role", "organisation", "party", "address_lines", "email", "signature_image", "gender")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


# What a signer may give per language: {"en": "Coordinator", "fr": "Coordinatrice"}.
SIGNER_NAME_FIELDS = ("role", "organisation")


@dataclass
class Signer:
    """One person who signs; ``role`` and ``organisation`` are one text or one per language."""

    name: str
    role: LocalizedText = ""  # "Member of the Riksdag", "Coordinator"
    organisation: LocalizedText = ""
    party: str = ""  # "V", "Die Linke"
    address_lines: list[str] = field(default_factory=list)
    email: str = ""
    signature_image: Path | None = None
    gender: str = ""
    id: str = ""

    def in_language(self, language: str) -> "Signer":
        """A copy whose role and organisation are plain texts in ``language`` (else the fallback)."""
        return replace(self, **{name: localized(getattr(self, name), language) for name in SIGNER_NAME_FIELDS})

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["signature_image"] = str(self.signature_image) if self.signature_image else ""
        return {k: v for k, v in data.items() if v not in ("", None, [], {})}


def signer_from_dict(data: Any, path: str = "signer", problems: list[Problem] | None = None,
                     base: Path | None = None) -> Signer:
    """Read a signer; a relative signature image is taken relative to ``base``."""
    own = problems is None
    problems = [] if problems is None else problems
    r = FieldReader(data, path, problems)
    r.unknown(set(SIGNER_FIELDS))
    lines = r.lines("address_lines")
    image_text = r.text("signature_image")
    image = None
    if image_text:
        image = Path(image_text).expanduser()
        if base is not None and not image.is_absolute():
            image = base / image
        if image.suffix.lower() not in IMAGE_SUFFIXES:
            r.problem("signature_image", N_("must be a PNG or JPEG picture"))
            image = None
        elif not image.is_file():
            r.problem("signature_image", N_("names %(path)s, which does not exist"), path=str(image))
            image = None
    signer = Signer(
        id=r.text("id"),
        name=r.text("name", required=True),
        role=simplified(r.ltext("role")),
        organisation=simplified(r.ltext("organisation")),
        party=r.text("party"),
        address_lines=list(lines),
        email=r.text("email"),
        signature_image=image,
        gender=r.choice("gender", ("female", "male", ""), ""),
    )
    if own and problems:
        raise ValidationError(problems, source=path)
    return signer
