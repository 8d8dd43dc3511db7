"""``petition-desk resolution …``: the resolution editor on the command line.

Wired into :mod:`desktop.cli.main` with ``add_resolution_commands(sub, tr)``. Each
command reads a draft (asking for the passphrase only if it is encrypted),
changes its resolution with the same functions the window's editor calls
(:mod:`desktop.core.resolution.edit`) and saves it back atomically, sealed
again with the same passphrase when it was sealed. A command that fails
writes nothing.

Parts are named as the user sees them in ``resolution show``: by their id,
or by ``KIND:LABEL`` in the draft's style — ``recital:C``, ``operative:3``,
``operative:3(b)`` — where a list without letters or numbers (the
citations' dashes, the US "Whereas" clauses) is counted by position:
``citation:2``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop.cli.drafts import add_passphrase_argument, passphrase_for, refuse_existing
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.localize import DOCUMENT_LANGUAGES
from desktop.core.resolution.model import (DEFAULT_STYLE, HEADER_FIELDS, KINDS, STYLES, Part, Resolution, Text,
                                           style_of)

# What a user may type for a kind of part: the kind itself or its plural.
_KIND_NAMES = {**{kind: kind for kind in KINDS},
               "citations": "citation", "recitals": "recital", "operatives": "operative", "proposals": "proposal"}
_SECTION_TITLES = {
    "citation": N_("Citations"),
    "recital": N_("Recitals"),
    "operative": N_("Operative paragraphs"),
    "proposal": N_("Proposals"),
}
_SHORT = 64  # characters of each part's text that ``show`` prints


def add_resolution_commands(subparsers: argparse._SubParsersAction, tr: Translator) -> None:
    """Register ``resolution new|show|import|export|add|point|set|remove|move|split|merge|indent|outdent|
    confirm|style|languages`` under the main parser's subcommands."""
    _ = tr.gettext
    ref_help = _("a part: its id, or KIND:LABEL as “resolution show” prints it, e.g. recital:C, operative:3, "
                 "operative:3(b), or citation:2 for the second citation (lists without letters or numbers "
                 "are counted)")
    lang_help = _("the language of the text (default: the resolution's first language)")
    p = subparsers.add_parser(
        "resolution", help=_("write and edit a parliamentary resolution or motion"),
        description=_("Start a resolution from a case, import one, show its outline, edit its parts and export it "
                      "as DOCX, PDF and Akoma Ntoso XML. Parts are named by their id or by KIND:LABEL as "
                      "“resolution show” prints them: recital:C, operative:3, operative:3(b), citation:2. "
                      "KIND is citation, recital, operative or proposal."))
    sub = p.add_subparsers(metavar="ACTION")

    q = sub.add_parser("new", help=_("start a resolution draft written from a draft's case"))
    q.add_argument("draft", metavar="DRAFT", nargs="?", type=Path, help=_("draft whose case to use (default: the built-in demo draft)"))
    q.add_argument("-o", "--out", type=Path, required=True, help=_("where to save the resolution draft (.json)"))
    q.add_argument("--languages", default="en", metavar="LL,LL",
                   help=_("languages to write it in, the first leading, e.g. en,sv (default: en)"))
    q.add_argument("--style", default=DEFAULT_STYLE, metavar="STYLE",
                   help=_("how it is printed: %(styles)s (default: %(default)s)")
                   % {"styles": ", ".join(STYLES), "default": DEFAULT_STYLE})
    q.add_argument("--force", action="store_true", help=_("replace OUT if it exists"))
    add_passphrase_argument(q, tr)
    q.set_defaults(run=cmd_new)

    q = sub.add_parser("show", help=_("print the outline: labels, the start of each part, translations to update"))
    q.add_argument("draft", metavar="DRAFT", type=Path, help=_("the resolution draft"))
    q.add_argument("--lang", metavar="LL", help=_("show the text in this language (default: the first)"))
    q.add_argument("--ids", action="store_true", help=_("also print each part's id"))
    add_passphrase_argument(q, tr)
    q.set_defaults(run=cmd_show)

    q = sub.add_parser("import", help=_("make a resolution draft from a text or DOCX file"))
    q.add_argument("file", metavar="FILE", help=_("a .txt or .docx file, or - to read the text from standard input"))
    q.add_argument("-o", "--out", type=Path, required=True, help=_("where to save the resolution draft (.json)"))
    q.add_argument("--lang", metavar="LL", help=_("the text's language (default: recognised from the text)"))
    q.add_argument("--style", metavar="STYLE",
                   help=_("how it is printed: %(styles)s (default: recognised from the text)")
                   % {"styles": ", ".join(STYLES)})
    q.add_argument("--force", action="store_true", help=_("replace OUT if it exists"))
    q.set_defaults(run=cmd_import)

    q = sub.add_parser("export", help=_("write the resolution as DOCX, PDF and Akoma Ntoso XML, once per language"))
    q.add_argument("draft", metavar="DRAFT", type=Path, help=_("the resolution draft"))
    q.add_argument("-o", "--out", type=Path, required=True, help=_("output folder"))
    q.add_argument("--format", default="docx,pdf,akn", metavar="F,F",
                   help=_("formats, comma-separated: docx, pdf, akn (default: all three)"))
    q.add_argument("--lang", metavar="LL,LL", help=_("languages, comma-separated (default: every language of "
                                                     "the resolution)"))
    q.add_argument("--line-numbers", action=argparse.BooleanOptionalAction, default=None,
                   help=_("number the lines in the margin (default: as the draft says)"))
    q.add_argument("--date", help=_("the date printed on it, YYYY-MM-DD (default: the draft's, else today)"))
    q.add_argument("--no-embed-fonts", dest="embed_fonts", action="store_false",
                   help=_("do not carry the fonts inside DOCX files (smaller files; Word then uses the fonts of "
                          "the computer that opens them)"))
    add_passphrase_argument(q, tr)
    q.set_defaults(run=cmd_export)

    def editing(name: str, help_text: str, run, ref: bool = True) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=help_text, description=help_text)
        q.add_argument("draft", metavar="DRAFT", type=Path, help=_("the resolution draft; the change is saved into it"))
        if ref:
            q.add_argument("ref", metavar="REF", help=ref_help)
        add_passphrase_argument(q, tr)
        q.set_defaults(run=run)
        return q

    q = sub.add_parser("add", help=_("add a part"), description=_("Add a part at the end of its list, or after REF."))
    q.add_argument("draft", metavar="DRAFT", type=Path, help=_("the resolution draft; the change is saved into it"))
    q.add_argument("kind", metavar="KIND", help=_("citation, recital, operative or proposal"))
    q.add_argument("text", metavar="TEXT", help=_("the text, without the style's set phrase "
                                                  "(“whereas”, “having regard to”)"))
    q.add_argument("--after", metavar="REF", help=ref_help)
    q.add_argument("--lang", metavar="LL", help=lang_help)
    add_passphrase_argument(q, tr)
    q.set_defaults(run=cmd_add)

    q = editing("point", _("add a sub-point, (a), (b) …, to an operative paragraph"), cmd_point)
    q.add_argument("text", metavar="TEXT", help=_("the sub-point's text"))
    q.add_argument("--lang", metavar="LL", help=lang_help)

    q = editing("set", _("replace the text of a part, or of a heading text: title, subject, us_title, legislature, "
                         "opening, closing, forward_to"), cmd_set)
    q.add_argument("text", metavar="TEXT", help=_("the new text"))
    q.add_argument("--lang", metavar="LL", help=lang_help)

    editing("remove", _("remove a part with its sub-points"), cmd_remove)

    q = editing("move", _("move a part up, down, to a position, or into another list"), cmd_move)
    where = q.add_mutually_exclusive_group()
    where.add_argument("--up", action="store_true", help=_("one place up"))
    where.add_argument("--down", action="store_true", help=_("one place down"))
    where.add_argument("--to", type=int, metavar="N", help=_("to position N of its list (1 is the first)"))
    q.add_argument("--kind", metavar="KIND", help=_("into the list of this kind (citation, recital, operative, "
                                                    "proposal); last unless --to is given"))

    q = editing("split", _("cut a part in two; the rest of its text becomes a new part after it"), cmd_split)
    q.add_argument("--at", required=True, metavar="TEXT_OR_POSITION",
                   help=_("where the new part begins: words of the text (their first occurrence), "
                          "or a character position (a number)"))
    q.add_argument("--lang", metavar="LL", help=lang_help)

    editing("merge", _("join a part with the next one of its list"), cmd_merge)
    editing("indent", _("make an operative paragraph a sub-point of the paragraph before it"), cmd_indent)
    editing("outdent", _("make a sub-point an operative paragraph of its own"), cmd_outdent)

    q = editing("confirm", _("mark a translation as up to date with the other languages without changing it"),
                cmd_confirm)
    q.add_argument("--lang", metavar="LL", required=True, help=_("the language whose text is up to date"))

    q = editing("style", _("set the style the resolution is printed in; the content stays"), cmd_style, ref=False)
    q.add_argument("style", metavar="STYLE",
                   help=_("one of %(styles)s") % {"styles": ", ".join(STYLES)})

    q = editing("languages", _("add or remove languages of the resolution"), cmd_languages, ref=False)
    q.add_argument("--add", metavar="LL,LL", help=_("languages to add, e.g. sv,fr"))
    q.add_argument("--remove", metavar="LL,LL", help=_("languages to remove, with their texts"))


# -- reading and saving --------------------------------------------------------

@dataclass
class _Opened:
    draft: object
    passphrase: str | None  # kept to seal the draft again on saving


def _open(path: Path, args: argparse.Namespace, tr: Translator) -> _Opened:
    from desktop.core.draft import PassphraseNeeded, load_draft

    try:
        return _Opened(load_draft(path), None)
    except PassphraseNeeded:
        passphrase = passphrase_for(args, tr)
        return _Opened(load_draft(path, passphrase), passphrase)


def _open_resolution(args: argparse.Namespace, tr: Translator, writing: bool = True) -> tuple[_Opened, Resolution]:
    path = Path(args.draft)
    if writing and path.suffix.lower() == ".toml":
        raise PetitionDeskError(N_("Petition Desk saves drafts as JSON and does not rewrite the hand-made TOML file "
                                   "%(path)s; open it in the window, save it (it is saved as JSON) and edit that "
                                   "file."), path=str(path))
    opened = _open(path, args, tr)
    res = opened.draft.resolution
    if res is None:
        raise PetitionDeskError(N_("The draft %(path)s has no resolution; start one with “petition-desk resolution "
                                   "new %(path)s -o OUT.json”."), path=str(path))
    return opened, res


def _save(opened: _Opened, path: Path) -> None:
    from desktop.core.draft import save_draft

    save_draft(opened.draft, path, opened.passphrase)


def _style(draft) -> str:
    return style_of(draft.options)


def _check_style(style: str) -> str:
    value = (style or "").strip().lower()
    if value not in STYLES:
        raise PetitionDeskError(N_("The resolution style %(style)s is unknown; choose one of %(styles)s."),
                                style=style, styles=", ".join(STYLES))
    return value


def _language_list(value: str) -> list[str]:
    """``en,sv`` → ["en", "sv"]; refuses languages this program does not write."""
    languages = [v.strip().lower() for v in (value or "").split(",") if v.strip()]
    unknown = [v for v in languages if v not in DOCUMENT_LANGUAGES]
    if unknown or not languages:
        raise PetitionDeskError(N_("%(value)s is not a list of languages this program writes; use one or more of "
                                   "%(languages)s, separated by commas."),
                                value=value or "", languages=", ".join(DOCUMENT_LANGUAGES))
    return list(dict.fromkeys(languages))


def _language(res: Resolution, value: str | None) -> str:
    """The language asked for, which must be one of the resolution's; its first language when none is asked."""
    if not value:
        return res.languages[0]
    language = value.strip().lower()
    if language not in res.languages:
        raise PetitionDeskError(N_("The resolution is not written in %(language)s; its languages are %(languages)s "
                                   "(add one with “resolution languages DRAFT --add %(language)s”)."),
                                language=value, languages=", ".join(res.languages))
    return language


def _kind(value: str) -> str:
    kind = _KIND_NAMES.get((value or "").strip().lower())
    if kind is None:
        raise PetitionDeskError(N_("%(kind)s is not a kind of part; use one of %(kinds)s."),
                                kind=value, kinds=", ".join(KINDS))
    return kind


# -- naming parts --------------------------------------------------------------

_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def _plain(label: str) -> str:
    """A printed label as typed in a reference: "C." → "C", "(b)" → "B", "–" → ""."""
    return "".join(ch for ch in label if ch.isalnum()).upper()


def part_ref(res: Resolution, style: str, part_id: str) -> str:
    """How ``show`` names a part: KIND:LABEL, or KIND:POSITION for a list without labels."""
    from desktop.core.resolution.numbering import labels

    marks = labels(res, style)
    for kind in KINDS:
        for number, part in enumerate(res.section(kind), start=1):
            top = _plain(marks[part.id])
            head = f"{kind}:{top or number}"
            if part.id == part_id:
                return head
            for sub_number, child in enumerate(part.children, start=1):
                if child.id == part_id:
                    mark = marks[child.id]
                    return f"{head}{mark}" if _plain(mark) else f"{head}.{sub_number}"
    raise KeyError(part_id)


def find_part(res: Resolution, style: str, ref: str) -> Part:
    """The part named ``ref`` (an id, or KIND:LABEL in ``style``, or KIND:POSITION)."""
    from desktop.core.resolution.numbering import labels

    ref = (ref or "").strip()
    for part in res.walk():
        if part.id == ref:
            return part
    if ref in HEADER_FIELDS:
        raise PetitionDeskError(N_("%(ref)s is a heading text of the resolution, not a part; only “set” and "
                                   "“confirm” change it."), ref=ref)
    kind_name, sep, rest = ref.partition(":")
    kind = _KIND_NAMES.get(kind_name.strip().lower()) if sep else None
    tokens = _TOKEN.findall(rest)
    unknown = PetitionDeskError(N_("The resolution has no part %(ref)s; “petition-desk resolution show DRAFT” lists "
                                   "the parts as they are named."), ref=ref)
    if kind is None or not 1 <= len(tokens) <= 2 or re.sub(r"[\s.()\[\]]", "", rest) != "".join(tokens):
        raise unknown
    marks = labels(res, style)

    def pick(parts: list[Part], token: str) -> Part:
        for number, part in enumerate(parts, start=1):
            if token == str(number) or (_plain(marks[part.id]) and _plain(marks[part.id]) == token.upper()):
                return part
        raise unknown

    part = pick(res.section(kind), tokens[0])
    return pick(part.children, tokens[1]) if len(tokens) == 2 else part


def _target(res: Resolution, style: str, ref: str) -> tuple[Text, str]:
    """The text a reference names (a part's, or a heading text's) and how to name it back."""
    name = (ref or "").strip().lower()
    if name in HEADER_FIELDS:
        return res.text(name), name
    part = find_part(res, style, ref)
    return part.text, part_ref(res, style, part.id)


# -- commands ------------------------------------------------------------------

def cmd_new(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.demo import load_demo_draft
    from desktop.core.resolution.seed import RESOLUTION_TEMPLATE, from_case

    languages = _language_list(args.languages)
    style = _check_style(args.style)
    refuse_existing(args.out, args.force)
    if args.draft is None:
        opened = _Opened(load_demo_draft(), None)
    else:
        opened = _open(args.draft, args, tr)
    draft = opened.draft
    draft.template = RESOLUTION_TEMPLATE
    draft.options = {**draft.options, "style": style}
    draft.language = languages[0]
    # A resolution goes to one's own chamber: embassies and officials of a letter draft are no addressees of it.
    others = [r for r in draft.recipients if r.kind != "legislature"]
    draft.recipients = [r for r in draft.recipients if r.kind == "legislature"]
    draft.resolution = from_case(draft, languages)
    res = draft.resolution
    title = next((res.text(name).get(languages[0]) for name in ("title", "subject", "us_title")
                  if res.text(name).get(languages[0]).strip()), "")
    draft.title = title or draft.title
    _save(opened, args.out)
    if others:
        n = len(others)
        print(tr.ngettext("note: %(count)d recipient of the letter draft was left out; a resolution goes to your "
                          "own legislature.",
                          "note: %(count)d recipients of the letter draft were left out; a resolution goes to your "
                          "own legislature.", n) % {"count": n}, file=sys.stderr)
    n = sum(1 for _ in res.walk())
    print(tr.ngettext("Wrote the resolution draft %(path)s with %(count)d part in %(languages)s.",
                      "Wrote the resolution draft %(path)s with %(count)d parts in %(languages)s.", n)
          % {"path": str(args.out), "count": n, "languages": ", ".join(languages)})
    if opened.passphrase is not None:
        print(tr.gettext("It is protected with the same passphrase as %(path)s.") % {"path": str(args.draft)})
    return 0


def cmd_show(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.numbering import labels, used_kinds

    _ = tr.gettext
    opened, res = _open_resolution(args, tr, writing=False)
    style = _style(opened.draft)
    language = _language(res, args.lang)
    stale = set(res.stale_parts(language))
    behind = _("[translation out of date]")
    print(_("Style: %(style)s. Languages: %(languages)s. Shown: %(language)s.")
          % {"style": style, "languages": ", ".join(res.languages), "language": language})
    for name in HEADER_FIELDS:
        text = res.text(name)
        if text.get(language).strip() or (name in stale):
            mark = f"  {behind}" if name in stale else ""
            print(f"{name}: {_short(text.get(language), tr, language)}{mark}")
    marks = labels(res, style)
    printed = used_kinds(style, res)
    rows = []
    for kind in [*printed, *(kind for kind in KINDS if kind not in printed)]:  # the printing order first
        parts = res.section(kind)
        if not parts:
            continue
        heading = _(_SECTION_TITLES[kind])
        if kind not in printed:
            heading = _("%(section)s (not printed in the %(style)s style)") % {"section": heading, "style": style}
        rows.append((None, heading))
        for part in parts:
            rows.append((part, 0))
            rows.extend((child, 1) for child in part.children)
    refs = {part.id: part_ref(res, style, part.id) for part in res.walk()}
    width = max((len(r) for r in refs.values()), default=0)
    print()
    for part, info in rows:
        if part is None:
            print(info)
            continue
        depth = info
        label = ("    " * depth + marks[part.id]).ljust(9)
        mark = f"  {behind}" if part.id in stale else ""
        prefix = f"{part.id}  " if args.ids else ""
        print(f"  {prefix}{refs[part.id]:<{width}}  {label}{_short(part.text.get(language), tr, language)}{mark}")
    if not rows:
        print(_("The resolution has no parts yet; add one with “petition-desk resolution add”."))
    return 0


def _short(text: str, tr: Translator, language: str) -> str:
    text = " ".join(text.split())
    if not text:
        return tr.gettext("(no text in %(language)s)") % {"language": language}
    return text if len(text) <= _SHORT else text[:_SHORT - 1].rstrip() + "…"


def cmd_import(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.case import Case
    from desktop.core.draft import Draft, save_draft
    from desktop.core.resolution.importer import import_text, read_source
    from desktop.core.resolution.seed import RESOLUTION_TEMPLATE

    language = None
    if args.lang:
        language = _language_list(args.lang)[0]
    style = _check_style(args.style) if args.style else None
    refuse_existing(args.out, args.force)
    text = sys.stdin.read() if args.file == "-" else read_source(Path(args.file))
    result = import_text(text, language=language, style=style)
    for item in result.items:
        print(f"{item.line:>5}  {item.label or '':<6} {item.kind:<10} {_short(item.text, tr, result.language)}")
    res = result.resolution
    lead = result.language or res.languages[0]
    title = next((res.text(name).get(lead).strip() for name in ("title", "subject", "us_title")
                  if res.text(name).get(lead).strip()), "")
    if not title:
        title = Path(args.file).stem if args.file != "-" else tr.gettext("Resolution")
    draft = Draft(template=RESOLUTION_TEMPLATE, case=Case(name={lead: title}), language=lead, title=title,
                  signers=list(result.signers), options=result.draft_options(), resolution=res)
    save_draft(draft, args.out)
    left_out = sum(1 for item in result.items if item.kind == "text" and item.text.strip())
    if left_out:
        print(tr.ngettext("note: %(count)d passage (kind “text” above) was not recognised and is not in the draft; "
                          "add it with “petition-desk resolution add” if it belongs there.",
                          "note: %(count)d passages (kind “text” above) were not recognised and are not in the "
                          "draft; add them with “petition-desk resolution add” if they belong there.", left_out)
              % {"count": left_out}, file=sys.stderr)
    n = sum(1 for _ in res.walk())
    print(tr.ngettext("Recognised %(count)d part; wrote the draft %(path)s in the %(style)s style. Check the list "
                      "above and change what was misread with the other resolution commands.",
                      "Recognised %(count)d parts; wrote the draft %(path)s in the %(style)s style. Check the list "
                      "above and change what was misread with the other resolution commands.", n)
          % {"count": n, "path": str(args.out), "style": result.style})
    return 0


def cmd_export(args: argparse.Namespace, tr: Translator) -> int:
    import datetime as dt

    from desktop.core.resolution.export import RESOLUTION_FORMATS, ResolutionExport, export_resolution

    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    if not formats or any(f not in RESOLUTION_FORMATS for f in formats):
        raise PetitionDeskError(N_("Choose one or more of the formats %(formats)s, separated by commas."),
                                formats=", ".join(RESOLUTION_FORMATS))
    date = None
    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise PetitionDeskError(N_("%(value)s is not a date; write it YYYY-MM-DD, e.g. 2026-03-01."),
                                    value=args.date) from None
    opened, res = _open_resolution(args, tr, writing=False)
    languages = [_language(res, language) for language in _language_list(args.lang)] if args.lang else []
    request = ResolutionExport(formats=tuple(dict.fromkeys(formats)), languages=tuple(languages),
                               line_numbers=args.line_numbers, date=date, embed_fonts=args.embed_fonts)
    written = export_resolution(opened.draft, args.out, request)
    for path in written:
        print(path)
    n = len(written)
    print(tr.ngettext("Wrote %(count)d file to %(folder)s.", "Wrote %(count)d files to %(folder)s.", n)
          % {"count": n, "folder": str(args.out)}, file=sys.stderr)
    return 0


def _edit(args: argparse.Namespace, tr: Translator, change) -> int:
    """Open the draft, apply ``change(res, style)`` (which returns the sentence to print), save it."""
    opened, res = _open_resolution(args, tr)
    message = change(res, _style(opened.draft))
    _save(opened, args.draft)
    print(message)
    return 0


def cmd_add(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.edit import add_part

    def change(res: Resolution, style: str) -> str:
        kind = _kind(args.kind)
        language = _language(res, args.lang)
        after = find_part(res, style, args.after).id if args.after else None
        part = add_part(res, kind, language, args.text, after=after)
        return tr.gettext("Added %(ref)s.") % {"ref": part_ref(res, style, part.id)}

    return _edit(args, tr, change)


def cmd_point(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.edit import add_point

    def change(res: Resolution, style: str) -> str:
        language = _language(res, args.lang)
        point = add_point(res, find_part(res, style, args.ref).id, language, args.text)
        return tr.gettext("Added %(ref)s.") % {"ref": part_ref(res, style, point.id)}

    return _edit(args, tr, change)


def cmd_set(args: argparse.Namespace, tr: Translator) -> int:
    def change(res: Resolution, style: str) -> str:
        language = _language(res, args.lang)
        text, name = _target(res, style, args.ref)
        res.set_text(text, language, args.text)
        return tr.gettext("Changed %(ref)s in %(language)s.") % {"ref": name, "language": language}

    return _edit(args, tr, change)


def cmd_remove(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.edit import remove

    def change(res: Resolution, style: str) -> str:
        part = find_part(res, style, args.ref)
        name = part_ref(res, style, part.id)
        removed = remove(res, part.id)
        n = len(removed.children)
        if n:
            return tr.ngettext("Removed %(ref)s and its %(count)d sub-point.",
                               "Removed %(ref)s and its %(count)d sub-points.", n) % {"ref": name, "count": n}
        return tr.gettext("Removed %(ref)s.") % {"ref": name}

    return _edit(args, tr, change)


def cmd_move(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.edit import move, move_by

    def change(res: Resolution, style: str) -> str:
        part = find_part(res, style, args.ref)
        before = part_ref(res, style, part.id)
        if args.up or args.down:
            if args.kind:
                raise PetitionDeskError(N_("--kind moves a part into another list; use it with --to N or alone, "
                                           "not with --up or --down."))
            if not move_by(res, part.id, -1 if args.up else 1):
                raise PetitionDeskError(N_("%(ref)s is already the first of its list.") if args.up
                                        else N_("%(ref)s is already the last of its list."), ref=before)
        elif args.to is not None or args.kind:
            siblings, old_index, parent = res.find(part.id)
            kind = _kind(args.kind) if args.kind else part.kind
            stays = parent is not None and not args.kind
            destination = siblings if stays or kind == part.kind and parent is None else res.section(kind)
            moving_within = destination is siblings
            count = len(destination) if moving_within else len(destination) + 1
            wanted = count if args.to is None else args.to
            if not 1 <= wanted <= count:
                raise PetitionDeskError(N_("Position %(position)d is outside the list, which has places 1 to "
                                           "%(count)d."), position=wanted, count=count)
            index = wanted - 1
            if moving_within and index > old_index:
                index += 1  # ``move`` counts drop places before the part is taken out
            move(res, part.id, kind, index, parent.id if stays else None)
        else:
            raise PetitionDeskError(N_("Say where to move the part: --up, --down, --to N or --kind KIND."))
        return tr.gettext("Moved %(ref)s; it is now %(new)s.") % {"ref": before, "new": part_ref(res, style, part.id)}

    return _edit(args, tr, change)


def cmd_split(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.edit import split

    def change(res: Resolution, style: str) -> str:
        language = _language(res, args.lang)
        part = find_part(res, style, args.ref)
        name = part_ref(res, style, part.id)
        text = part.text.get(language)
        at = args.at
        if at.strip().isdigit():
            position = int(at.strip())
        else:
            position = text.find(at)
            if position < 0:
                raise PetitionDeskError(N_("The text “%(words)s” is not in %(ref)s in %(language)s; give words that "
                                           "appear in it, or a character position."),
                                        words=at, ref=name, language=language)
        if not text[:position].strip() or not text[position:].strip():
            raise PetitionDeskError(N_("Splitting %(ref)s there would leave one half empty; split it inside its "
                                       "text (it has %(length)d characters in %(language)s)."),
                                    ref=name, length=len(text), language=language)
        new = split(res, part.id, language, position)
        return tr.gettext("Split %(ref)s; the rest is now %(new)s.") % {"ref": name, "new": part_ref(res, style, new.id)}

    return _edit(args, tr, change)


def cmd_merge(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.edit import merge

    def change(res: Resolution, style: str) -> str:
        part = find_part(res, style, args.ref)
        siblings, index, _parent = res.find(part.id)
        following = part_ref(res, style, siblings[index + 1].id) if index + 1 < len(siblings) else ""
        name = part_ref(res, style, part.id)
        merge(res, part.id)
        return tr.gettext("Joined %(next)s to %(ref)s.") % {"next": following, "ref": name}

    return _edit(args, tr, change)


def cmd_indent(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.edit import indent

    return _change_level(args, tr, indent, N_("%(ref)s is now the sub-point %(new)s."))


def cmd_outdent(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.edit import outdent

    return _change_level(args, tr, outdent, N_("%(ref)s is now the paragraph %(new)s."))


def _change_level(args: argparse.Namespace, tr: Translator, operation, message: str) -> int:
    """Indent or outdent the part ``args.ref``; ``message`` names it before (ref) and after (new)."""

    def change(res: Resolution, style: str) -> str:
        part = find_part(res, style, args.ref)
        name = part_ref(res, style, part.id)
        operation(res, part.id)
        return tr.gettext(message) % {"ref": name, "new": part_ref(res, style, part.id)}

    return _edit(args, tr, change)


def cmd_confirm(args: argparse.Namespace, tr: Translator) -> int:
    def change(res: Resolution, style: str) -> str:
        language = _language(res, args.lang)
        text, name = _target(res, style, args.ref)
        if not text.get(language).strip():
            raise PetitionDeskError(N_("%(ref)s has no text in %(language)s to confirm; write it with “resolution set "
                                       "DRAFT %(ref)s TEXT --lang %(language)s”."), ref=name, language=language)
        res.confirm(text, language)
        return tr.gettext("Marked the %(language)s text of %(ref)s as up to date.") % {"ref": name, "language": language}

    return _edit(args, tr, change)


def cmd_style(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.resolution.numbering import used_kinds

    style = _check_style(args.style)
    opened, res = _open_resolution(args, tr)
    opened.draft.options["style"] = style
    _save(opened, args.draft)
    print(tr.gettext("The resolution is now in the %(style)s style.") % {"style": style})
    hidden = [kind for kind in KINDS if res.section(kind) and kind not in used_kinds(style, res)]
    if hidden:
        print(tr.gettext("Kept in the draft but not printed in this style: %(kinds)s.") % {"kinds": ", ".join(hidden)})
    return 0


def cmd_languages(args: argparse.Namespace, tr: Translator) -> int:
    if not args.add and not args.remove:
        raise PetitionDeskError(N_("Say which languages to add or remove: --add sv, --remove fr."))
    adding = _language_list(args.add) if args.add else []
    removing = _language_list(args.remove) if args.remove else []
    opened, res = _open_resolution(args, tr)
    missing = [language for language in removing if language not in res.languages]
    if missing:
        raise PetitionDeskError(N_("The resolution is not written in %(language)s; its languages are %(languages)s."),
                                language=", ".join(missing), languages=", ".join(res.languages))
    kept = [language for language in res.languages if language not in removing]
    kept += [language for language in adding if language not in kept]
    if not kept:
        raise PetitionDeskError(N_("A resolution needs at least one language; add another before removing %(language)s."),
                                language=", ".join(removing))
    for text in [*res.header.values(), *(part.text for part in res.walk())]:
        for language in removing:
            if language in adding:
                continue
            text.values.pop(language, None)
            text.edited.pop(language, None)
            text.changed.pop(language, None)
    res.languages = kept
    res.tick()
    _save(opened, args.draft)
    print(tr.gettext("The resolution's languages are now %(languages)s.") % {"languages": ", ".join(kept)})
    new = [language for language in adding if language not in removing]
    if new:
        print(tr.gettext("Translate its parts with “resolution set DRAFT REF TEXT --lang %(language)s”; "
                         "“resolution show DRAFT --lang %(language)s” lists what is missing.")
              % {"language": new[0]})
    return 0
