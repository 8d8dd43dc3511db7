"""The draft: everything one export needs, in one portable file.

File format ``petition-desk/draft`` version 1 (JSON or TOML), documented in
the README. A draft names its template and language and carries its case,
recipients and signers inline, or names files beside it (a case file, a
recipients CSV), or library ids of recipients, so it can be mailed to a
colleague and still export the same letters.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.case import Case, _check_format, read_case
from desktop.core.errors import N_, PetitionDeskError, Problem, ValidationError
from desktop.core.fields import FieldReader
from desktop.core.files import (
    dump_json,
    load_structured,
    parse_structured,
    read_bytes,
    write_bytes_atomic,
    write_text_atomic,
)
from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.core.recipients import Recipient, recipient_from_dict
from desktop.core.resolution.model import Resolution, resolution_from_data
from desktop.core.signers import Signer, signer_from_dict

# PassphraseNeeded and WrongPassphrase are re-exported: callers of load_draft catch them from here.
from desktop.core.vault import (  # noqa: F401
    PassphraseNeeded, WrongPassphrase, damaged_draft, embed_images, is_sealed, looks_sealed, restore_images, seal, unseal,
)

log = logging.getLogger(__name__)

DRAFT_FORMAT = "petition-desk/draft"
DRAFT_VERSION = 1
RECIPIENT_LANGUAGE = "recipient"  # "write to each recipient in their own language"
FORMATS = ("pdf", "docx", "eml")
DEFAULT_FILE_NAME = "{index:03d} {recipient} ({language})"


@dataclass
class LetterSettings:
    """Place, date and paper of the letters; the same for every recipient."""

    date: dt.date | None = None  # None: the day of the export
    place: str = ""
    deadline: dt.date | None = None
    paper: str = "auto"  # "auto" (by the recipient's country), "A4" or "Letter"
    include_author: bool = False  # write the signer as author into file metadata
    sender_country: str = ""  # no country line on letters to the sender's own country
    # A text missing in the document's language may be printed in another (marked in the preview);
    # without this, check lists it as a problem and the export refuses.
    allow_language_fallback: bool = False
    follow_up_days: int = 30  # the correspondence log's follow-up date: the letter's date + this


@dataclass
class ExportSettings:
    formats: tuple[str, ...] = ("pdf",)
    combined: bool = False
    file_name: str = DEFAULT_FILE_NAME


@dataclass
class Draft:
    template: str
    case: Case
    language: str = RECIPIENT_LANGUAGE
    fallback_language: str = "en"
    title: str = ""
    recipients: list[Recipient] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    letter: LetterSettings = field(default_factory=LetterSettings)
    export: ExportSettings = field(default_factory=ExportSettings)
    options: dict[str, Any] = field(default_factory=dict)  # the template's own settings (sheets, style …)
    resolution: Resolution | None = None  # a resolution's own structure, written in the resolution editor
    path: Path | None = None  # where it was loaded from, if anywhere

    def language_for(self, recipient: Recipient, available: tuple[str, ...] = DOCUMENT_LANGUAGES) -> str:
        """The document language for ``recipient``."""
        if self.language != RECIPIENT_LANGUAGE:
            return self.language
        if recipient.language in available:
            return recipient.language
        return self.fallback_language if self.fallback_language in available else available[0]

    def to_dict(self) -> dict[str, Any]:
        letter = {
            "date": self.letter.date.isoformat() if self.letter.date else "",
            "place": self.letter.place,
            "deadline": self.letter.deadline.isoformat() if self.letter.deadline else "",
            "paper": self.letter.paper,
            "include_author": self.letter.include_author,
            "sender_country": self.letter.sender_country,
            "allow_language_fallback": self.letter.allow_language_fallback or None,
            "follow_up_days": self.letter.follow_up_days if self.letter.follow_up_days != 30 else None,
        }
        data: dict[str, Any] = {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            "title": self.title,
            "template": self.template,
            "language": self.language,
            "fallback_language": self.fallback_language,
            "case": self.case.to_dict(),
            "recipients": [r.to_dict() for r in self.recipients],
            "signers": [s.to_dict() for s in self.signers],
            "letter": {k: v for k, v in letter.items() if v not in ("", None)},
            "export": {
                "formats": list(self.export.formats),
                "combined": self.export.combined,
                "file_name": self.export.file_name,
            },
            "options": dict(self.options),
            "resolution": self.resolution.to_data() if self.resolution is not None else None,
        }
        return {k: v for k, v in data.items() if v not in ("", None, [])}


def load_draft(path: Path, passphrase: str | None = None) -> Draft:
    """Read a draft file; one error lists every wrong field.

    An encrypted draft (recognised by its first bytes, whatever its name)
    raises :class:`PassphraseNeeded` when ``passphrase`` is None.
    """
    path = Path(path)
    raw = read_bytes(path)  # the default limit leaves room for signature pictures sealed inside
    if is_sealed(raw):
        if passphrase is None:
            raise PassphraseNeeded(path)
        data = restore_images(unseal(raw, passphrase, path), path)
    elif looks_sealed(raw, path):
        raise damaged_draft(path)
    else:
        data = parse_structured(raw, path)
    draft = draft_from_dict(data, base=path.parent, source=str(path), path=path)
    log.info("draft loaded: template %s, language %s, %d recipients, %d signers, own resolution %s, %d bytes, "
             "sealed %s", draft.template, draft.language, len(draft.recipients), len(draft.signers),
             draft.resolution is not None, len(raw), is_sealed(raw))
    return draft


def save_draft(draft: Draft, path: Path, passphrase: str | None = None) -> None:
    """Write ``draft`` as JSON, or sealed with ``passphrase`` (signature pictures inside)."""
    if passphrase is None:
        write_text_atomic(Path(path), dump_json(draft.to_dict()))
    else:
        write_bytes_atomic(Path(path), seal(embed_images(draft.to_dict()), passphrase))
    draft.path = Path(path)
    log.info("draft saved: template %s, language %s, %d recipients, %d signers, own resolution %s, sealed %s",
             draft.template, draft.language, len(draft.recipients), len(draft.signers), draft.resolution is not None,
             passphrase is not None)


def draft_from_dict(data: Any, base: Path | None = None, source: str = "draft", path: Path | None = None,
                    library: Any = None) -> Draft:
    problems: list[Problem] = []
    r = FieldReader(data, "", problems)
    r.unknown({
        "format", "version", "title", "template", "language", "fallback_language", "case", "recipients",
        "signers", "letter", "export", "options", "resolution",
    })
    _check_format(r, DRAFT_FORMAT, DRAFT_VERSION)
    template = r.text("template", required=True)
    language = r.choice("language", (RECIPIENT_LANGUAGE, *DOCUMENT_LANGUAGES), RECIPIENT_LANGUAGE)
    fallback = r.choice("fallback_language", DOCUMENT_LANGUAGES, "en")
    case = _read_case_field(r, base, problems)
    recipients = _read_recipients(r, base, problems, library)
    signers = _read_signers(r, base, problems, library)
    letter = _read_letter(FieldReader(r.data.get("letter", {}), "letter", problems))
    export = _read_export(FieldReader(r.data.get("export", {}), "export", problems))
    options = r.data.get("options", {})
    if not isinstance(options, dict):
        r.problem("options", N_("must be an object with named settings"))
        options = {}
    options = _with_photo_paths_resolved(options, base)
    resolution = None
    if r.data.get("resolution") is not None:
        resolution = resolution_from_data(r.data["resolution"], "resolution", problems)
    if problems:
        raise ValidationError(problems, source=source)
    assert case is not None
    return Draft(
        template=template, case=case, language=language, fallback_language=fallback, title=r.text("title"),
        recipients=recipients, signers=signers, letter=letter, export=export, options=dict(options),
        resolution=resolution, path=path,
    )


def _read_case_field(r: FieldReader, base: Path | None, problems: list[Problem]) -> Case | None:
    value = r.data.get("case")
    if value is None:
        r.problem("case", N_("is missing; give the case's facts or the name of a case file"))
        return None
    if isinstance(value, str):
        case_path = _relative(value, base)
        try:
            value = load_structured(case_path)
        except PetitionDeskError as exc:
            problems.append(Problem("case", exc.msg.text, exc.msg.params))
            return None
    return read_case(value, "case", problems)


def _read_recipients(r: FieldReader, base: Path | None, problems: list[Problem], library: Any) -> list[Recipient]:
    value = r.data.get("recipients")
    if isinstance(value, str):
        from desktop.core.recipients_csv import import_recipients

        try:
            result = import_recipients(_relative(value, base))
        except PetitionDeskError as exc:
            problems.append(Problem("recipients", exc.msg.text, exc.msg.params))
            return []
        for row in result.rejected:
            problems.append(Problem(f"{value}:{row.line}", N_("%(reason)s"), {"reason": str(row.reason)}))
        return result.recipients
    out = []
    for where, item in r.items("recipients"):
        if isinstance(item, str):
            found = _library_recipient(item, library)
            if found is None:
                problems.append(Problem(where, N_("names %(id)s, which is not in your recipients directory"), {"id": item}))
            else:
                out.append(found)
            continue
        out.append(recipient_from_dict(item, where, problems))
    return out


def _read_signers(r: FieldReader, base: Path | None, problems: list[Problem], library: Any) -> list[Signer]:
    """Signers inline, or by the id of a profile in the library."""
    out = []
    for where, item in r.items("signers"):
        if isinstance(item, str):
            found = _from_library(library).get_signer(item)
            if found is None:
                problems.append(Problem(where, N_("names %(id)s, which is not one of your signer profiles"), {"id": item}))
            else:
                out.append(found)
            continue
        out.append(signer_from_dict(item, where, problems, base=base))
    return out


def _from_library(library: Any) -> Any:
    if library is None:
        from desktop.core.library import Library

        library = Library()
    return library


def _library_recipient(recipient_id: str, library: Any) -> Recipient | None:
    return _from_library(library).get_recipient(recipient_id)


def _read_letter(r: FieldReader) -> LetterSettings:
    r.unknown({"date", "place", "deadline", "paper", "include_author", "sender_country", "allow_language_fallback",
              "follow_up_days"})
    return LetterSettings(
        date=r.date("date"),
        place=r.text("place"),
        deadline=r.date("deadline"),
        paper=r.choice("paper", ("auto", "A4", "Letter"), "auto"),
        include_author=r.boolean("include_author"),
        sender_country=r.text("sender_country").upper(),
        allow_language_fallback=r.boolean("allow_language_fallback"),
        follow_up_days=r.integer("follow_up_days", minimum=1, maximum=3650) or 30,
    )


def _read_export(r: FieldReader) -> ExportSettings:
    r.unknown({"formats", "combined", "file_name"})
    return ExportSettings(
        formats=tuple(r.several("formats", FORMATS, "pdf")),
        combined=r.boolean("combined"),
        file_name=r.text("file_name", default=DEFAULT_FILE_NAME),
    )


def _with_photo_paths_resolved(options: dict[str, Any], base: Path | None) -> dict[str, Any]:
    """``options`` with relative photo paths (a report's photos) made relative to the draft's folder.

    A draft mailed together with its photos then still finds them, whatever
    folder the program was started in.
    """
    photos = options.get("photos")
    if base is None or not isinstance(photos, list):
        return options
    resolved: list[Any] = []
    for photo in photos:
        if isinstance(photo, str) and photo.strip():
            photo = str(_relative(photo, base))
        elif isinstance(photo, dict) and isinstance(photo.get("path"), str) and photo["path"].strip():
            photo = {**photo, "path": str(_relative(photo["path"], base))}
        resolved.append(photo)
    return {**options, "photos": resolved}


def _relative(value: str, base: Path | None) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() or base is None else base / path
