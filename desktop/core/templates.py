"""Finding templates on disk and reading their manifests.

A template is a folder ``<id>/`` holding ``manifest.toml`` and one Jinja2
text per language, ``<lang>.txt`` (the markup those texts may use is
described in :mod:`desktop.core.markup`, the names they may use in
:mod:`desktop.core.sandbox`). The manifest::

    format = "petition-desk/template"
    version = 1
    id = "appeal_mission"          # optional; defaults to the folder name
    kind = "letter"                # letter | petition | resolution | report
    layout = "letter"              # letter (address, date, subject, signatures) | plain (body only)
    recipient_kinds = ["embassy", "consulate"]   # optional; empty = any
    languages = ["en", "sv", "fr", "de", "ru"]   # each needs <lang>.txt
    [title]                        # per language; at least one
    en = "Appeal to a diplomatic mission"
    [description]                  # per language; optional
    en = "..."
    [[options]]                    # optional: the template's own settings,
    name = "sheets"                # see desktop.core.template_options
    type = "int"

Built-in templates live in ``templates/`` beside the package; folders whose
name starts with ``_`` (``_phrases``) or ``.`` are not templates. The user's
own templates live in ``<data dir>/templates/``.

A user template may not reuse the id of a built-in template (or of another
user template found earlier): it is refused with a message that says to
rename it. Silently letting a copy shadow the built-in would make a batch,
a saved draft or the command line use a different text than the user
believes, and a template shared by a stranger could pass itself off as the
vetted built-in one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.errors import N_, PetitionDeskError, Problem, ValidationError
from desktop.core.fields import FieldReader, localized
from desktop.core.files import MAX_TEMPLATE_BYTES, load_structured, read_bytes
from desktop.core.languages import DOCUMENT_LANGUAGES
from desktop.core.resources import templates_dir
from desktop.core.template_options import TemplateOption, parse_options, read_options

__all__ = ["TemplateInfo", "TemplateOption", "TemplateScan", "get_template", "list_templates", "load_template",
           "read_options", "scan_templates", "user_templates_dir"]

TEMPLATE_FORMAT = "petition-desk/template"
TEMPLATE_VERSION = 1
KINDS = ("letter", "petition", "resolution", "report", "action", "post")
LAYOUTS = ("letter", "plain", "petition", "resolution", "placard", "banner", "leaflet", "envelopes", "labels")
# Layouts that print only the recipients' addresses (desktop/core/layouts/post.py): their texts are never rendered.
ADDRESS_LAYOUTS = ("envelopes", "labels")
MANIFEST = "manifest.toml"

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class TemplateInfo:
    """What the manifest of one template says, and where the template is."""

    id: str
    kind: str
    layout: str
    languages: tuple[str, ...]
    path: Path
    builtin: bool
    recipient_kinds: tuple[str, ...] = ()
    titles: dict[str, str] = field(default_factory=dict, compare=False)
    descriptions: dict[str, str] = field(default_factory=dict, compare=False)
    options: tuple[TemplateOption, ...] = ()  # the settings the manifest declares

    def title(self, language: str) -> str:
        return localized(self.titles, language) or self.id

    def description(self, language: str) -> str:
        return localized(self.descriptions, language)

    def text_path(self, language: str) -> Path:
        return self.path / f"{language}.txt"

    def require_language(self, language: str) -> None:
        """Refuse, in one sentence, a language this template is not written in."""
        if language not in self.languages:
            raise PetitionDeskError(
                N_("The template %(template)s has no %(language)s version; choose one of: %(available)s."),
                template=self.id,
                language=language,
                available=", ".join(self.languages),
            )

    def source(self, language: str) -> str:
        """The Jinja text of ``language``, with a clear error if it cannot be read."""
        self.require_language(language)
        path = self.text_path(language)
        data = read_bytes(path, N_("The template text %(path)s cannot be read (%(reason)s)."), missing=None,
                          limit=MAX_TEMPLATE_BYTES)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PetitionDeskError(
                N_("The template text %(path)s is not UTF-8 text. Save it as UTF-8 and try again."), path=str(path)
            ) from exc


@dataclass
class TemplateScan:
    """All usable templates, and what was wrong with the folders that are not."""

    templates: list[TemplateInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # folder name or manifest id -> the error that made it unusable
    broken: dict[str, PetitionDeskError] = field(default_factory=dict)


def user_templates_dir() -> Path:
    """``<data dir>/templates``: where the user's own templates go."""
    return _data_dir() / "templates"


def load_template(folder: Path, builtin: bool = False) -> TemplateInfo:
    """Read the manifest of the template in ``folder``; raise if it is broken."""
    folder = Path(folder)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise PetitionDeskError(
            N_("The template folder %(folder)s has no manifest.toml; add one or remove the folder."),
            folder=str(folder),
        )
    data = load_structured(manifest)
    problems: list[Problem] = []
    r = FieldReader(data, str(manifest), problems)
    r.unknown({"format", "version", "id", "kind", "layout", "recipient_kinds", "languages", "title", "description",
               "options"})
    if r.data.get("format") != TEMPLATE_FORMAT:
        r.problem("format", N_("must be \"%(expected)s\""), expected=TEMPLATE_FORMAT)
    version = r.data.get("version")
    if version != TEMPLATE_VERSION:
        r.problem(
            "version",
            N_("is %(found)s, but this version of Petition Desk reads version %(version)d; update the app"),
            found=version,
            version=TEMPLATE_VERSION,
        )
    template_id = r.text("id", default=folder.name)
    if not _ID.match(template_id):
        r.problem("id", N_("must be lower-case letters, digits, _ or -, such as appeal_mission"))
    kind = r.choice("kind", KINDS, "letter")
    layout = r.choice("layout", LAYOUTS, "letter")
    languages = _code_list(r, "languages", required=True)
    for language in languages:
        if language in DOCUMENT_LANGUAGES and not (folder / f"{language}.txt").is_file():
            r.problem("languages", N_("names %(language)s, but the folder has no %(language)s.txt"), language=language)
    recipient_kinds = _code_list(r, "recipient_kinds")
    from desktop.core.recipients import KINDS as RECIPIENT_KINDS

    for kind_name in recipient_kinds:
        if kind_name not in RECIPIENT_KINDS:
            r.problem("recipient_kinds", N_("names %(kind)s, which is not one of: %(kinds)s"),
                      kind=kind_name, kinds=", ".join(RECIPIENT_KINDS))
    titles = _text_table(r, "title", required=True)
    descriptions = _text_table(r, "description")
    options = parse_options(r.data.get("options"), str(manifest), problems)
    if problems:
        raise ValidationError(problems, source=str(folder))
    return TemplateInfo(
        id=template_id,
        kind=kind,
        layout=layout,
        languages=tuple(languages),
        path=folder,
        builtin=builtin,
        recipient_kinds=tuple(recipient_kinds),
        titles=titles,
        descriptions=descriptions,
        options=options,
    )


def scan_templates(extra_dirs: Iterable[Path] = ()) -> TemplateScan:
    """Built-in templates, then the user's, then ``extra_dirs``; broken ones become problems."""
    roots = [(templates_dir(), True), (user_templates_dir(), False), *((Path(d), False) for d in extra_dirs)]
    key = tuple(_fingerprint(root, builtin) for root, builtin in roots)
    cached = _SCAN_CACHE.get(key)
    if cached is None:
        cached = _scan(roots)
        _SCAN_CACHE.clear()  # only the newest state of the disk is worth keeping
        _SCAN_CACHE[key] = cached
    return cached


def list_templates(extra_dirs: Iterable[Path] = ()) -> list[TemplateInfo]:
    """Every usable template, letters first and reports last; see :func:`scan_templates` for the broken ones.

    The order follows the campaign's steps rather than the alphabet of ids.
    """
    templates = scan_templates(extra_dirs).templates
    return sorted(templates, key=lambda t: (not t.builtin, KINDS.index(t.kind) if t.kind in KINDS else len(KINDS)))


def get_template(template_id: str, extra_dirs: Iterable[Path] = ()) -> TemplateInfo:
    """The template called ``template_id``, or an error naming the ones there are."""
    scan = scan_templates(extra_dirs)
    for info in scan.templates:
        if info.id == template_id:
            return info
    if template_id in scan.broken:
        raise scan.broken[template_id]
    raise PetitionDeskError(
        N_("There is no template called %(template)s. Available templates: %(available)s."),
        template=template_id,
        available=", ".join(sorted(info.id for info in scan.templates)) or "-",
    )


# -- scanning ---------------------------------------------------------------

# Batches ask for their template once per letter, so a scan is reused while
# no folder or manifest on disk has changed.
_SCAN_CACHE: dict[tuple, TemplateScan] = {}


def _scan(roots: list[tuple[Path, bool]]) -> TemplateScan:
    scan = TemplateScan()
    owners: dict[str, TemplateInfo] = {}
    for root, builtin in roots:
        for folder in _template_folders(root):
            try:
                info = load_template(folder, builtin=builtin)
            except PetitionDeskError as exc:
                if isinstance(exc, ValidationError):
                    scan.problems.extend(exc.problems)
                else:
                    scan.problems.append(Problem(str(folder), exc.msg.text, exc.msg.params))
                scan.broken.setdefault(folder.name, exc)
                continue
            if info.id in owners:
                first = owners[info.id]
                exc = PetitionDeskError(
                    N_("The template in %(folder)s has the id %(template)s, which the template in %(other)s "
                       "already uses; change the id in its manifest.toml (for example to %(template)s_copy)."),
                    folder=str(folder),
                    template=info.id,
                    other=str(first.path),
                )
                scan.problems.append(Problem(str(folder), exc.msg.text, exc.msg.params))
                continue
            owners[info.id] = info
            scan.templates.append(info)
    return scan


def _template_folders(root: Path) -> list[Path]:
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return []  # a missing user folder simply means no user templates
    return [p for p in entries if p.is_dir() and not p.name.startswith(("_", "."))]


def _fingerprint(root: Path, builtin: bool) -> tuple:
    stamps = []
    for folder in _template_folders(root):
        parts = []
        for path in (folder, folder / MANIFEST):
            try:
                st = path.stat()
                parts.append((st.st_mtime_ns, st.st_size))
            except OSError:
                parts.append(None)
        stamps.append((folder.name, tuple(parts)))
    return (str(root), builtin, tuple(stamps))


def _code_list(r: FieldReader, key: str, required: bool = False) -> list[str]:
    value = r.data.get(key)
    if value is None or value == []:
        if required:
            r.problem(key, N_("is missing; list the language codes, for example [\"en\", \"ru\"]"))
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.problem(key, N_("must be a list of codes such as [\"en\", \"ru\"]"))
        return []
    codes = []
    for code in value:
        if key == "languages" and not _LANGUAGE.match(code):
            r.problem(key, N_("names %(code)s, which is not a language code such as en or ru"), code=code)
        elif key == "languages" and code not in DOCUMENT_LANGUAGES:
            r.problem(key, N_("names %(code)s, a language Petition Desk does not write documents in; "
                              "use one of %(languages)s"), code=code, languages=", ".join(DOCUMENT_LANGUAGES))
        elif code not in codes:
            codes.append(code)
    return codes


def _text_table(r: FieldReader, key: str, required: bool = False) -> dict[str, str]:
    value = r.data.get(key)
    if value is None:
        if required:
            r.problem(key, N_("is missing; add a [%(table)s] table with one line per language"), table=key)
        return {}
    if isinstance(value, str):
        return {"en": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        r.problem(key, N_("must be a table of language = \"text\" lines"))
        return {}
    if required and not any(v.strip() for v in value.values()):
        r.problem(key, N_("is missing; add a [%(table)s] table with one line per language"), table=key)
    return dict(value)


def _data_dir() -> Path:
    try:
        from desktop.core.paths import data_dir
    except ImportError:
        # Same rule as the library: the environment variable wins (tests,
        # portable installs), else the platform's user data folder.
        env = os.environ.get("PETITION_DESK_DATA_DIR")
        if env:
            return Path(env).expanduser()
        from platformdirs import user_data_dir

        return Path(user_data_dir("petition-desk", appauthor=False))
    return Path(data_dir())
