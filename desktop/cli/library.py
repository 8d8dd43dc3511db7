"""``petition-desk recipients``, ``signers`` and ``cases``: the user's library (recipients directory,
signer profiles, saved cases) from the command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import LANGUAGES, Translator
from desktop.core.recipients import KINDS

EXIT_PROBLEMS = 1  # problems in the user's input; 3 (an internal error) is the entry point's


def add_library_commands(sub, tr: Translator) -> None:
    _ = tr.gettext
    p = sub.add_parser("recipients", help=_("the recipients directory"))
    rsub = p.add_subparsers(metavar="ACTION")
    q = rsub.add_parser("import", help=_("add recipients from a CSV file"))
    q.add_argument("file", type=Path)
    q.set_defaults(run=cmd_recipients_import)
    q = rsub.add_parser("export", help=_("write the directory to a CSV file"))
    q.add_argument("file", type=Path)
    _filters(q, tr)
    q.set_defaults(run=cmd_recipients_export)
    q = rsub.add_parser("list", help=_("list recipients"))
    _filters(q, tr)
    q.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    q.set_defaults(run=cmd_recipients_list)
    q = rsub.add_parser("remove", help=_("remove recipients by id"))
    q.add_argument("ids", nargs="+", metavar="ID")
    q.set_defaults(run=cmd_recipients_remove)

    p = sub.add_parser("signers", help=_("signer profiles"))
    ssub = p.add_subparsers(metavar="ACTION")
    q = ssub.add_parser("list", help=_("list signer profiles"))
    q.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    q.set_defaults(run=cmd_signers_list)
    q = ssub.add_parser("add", help=_("save a signer profile"))
    q.add_argument("--name", required=True, help=_("the signer's name"))
    q.add_argument("--role", default="", help=_("e.g. Coordinator, Member of Parliament"))
    q.add_argument("--organisation", default="", help=_("organisation"))
    q.add_argument("--role-in", action="append", default=[], metavar="LANG=TEXT",
                   help=_("the role in one language, e.g. fr=Coordinatrice (repeatable)"))
    q.add_argument("--organisation-in", action="append", default=[], metavar="LANG=TEXT",
                   help=_("the organisation's name in one language, e.g. de=Solidaritätsgruppe (repeatable)"))
    q.add_argument("--party", default="", help=_("party, for resolutions"))
    q.add_argument("--email", default="", help=_("e-mail address"))
    q.add_argument("--address", action="append", default=[], metavar="LINE", help=_("an address line (repeatable)"))
    q.add_argument("--image", type=Path, help=_("signature image, PNG or JPEG"))
    q.set_defaults(run=cmd_signers_add)
    q = ssub.add_parser("remove", help=_("remove signer profiles by id"))
    q.add_argument("ids", nargs="+", metavar="ID")
    q.set_defaults(run=cmd_signers_remove)

    p = sub.add_parser("cases", help=_("cases saved in the library"))
    csub = p.add_subparsers(metavar="ACTION")
    q = csub.add_parser("list", help=_("list saved cases"))
    q.set_defaults(run=cmd_cases_list)
    q = csub.add_parser("import", help=_("save a case file in the library"))
    q.add_argument("file", type=Path)
    q.set_defaults(run=cmd_cases_import)
    q = csub.add_parser("export", help=_("write a saved case to a file"))
    q.add_argument("id", metavar="ID")
    q.add_argument("file", type=Path)
    q.set_defaults(run=cmd_cases_export)
    q = csub.add_parser("remove", help=_("remove saved cases by id"))
    q.add_argument("ids", nargs="+", metavar="ID")
    q.set_defaults(run=cmd_cases_remove)


def _filters(p: argparse.ArgumentParser, tr: Translator) -> None:
    p.add_argument("--country", help=tr.gettext("only this country (two-letter code, e.g. SE)"))
    p.add_argument("--kind", choices=KINDS, help=tr.gettext("only this kind of addressee"))
    p.add_argument("--language", choices=LANGUAGES, help=tr.gettext("only recipients who prefer this language"))
    p.add_argument("--search", help=tr.gettext("only recipients whose name, organisation or city contains this"))


def cmd_recipients_import(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        result = library.import_csv(args.file)
    for row in result.rejected:
        print(tr.gettext("line %(line)d: %(reason)s") % {"line": row.line, "reason": _text(row.reason, tr)},
              file=sys.stderr)
    n = len(result.recipients)
    counts = {"count": n, "added": result.added, "updated": result.updated, "unchanged": result.unchanged}
    print(tr.ngettext("Imported %(count)d recipient: %(added)d added, %(updated)d updated, %(unchanged)d unchanged.",
                      "Imported %(count)d recipients: %(added)d added, %(updated)d updated, %(unchanged)d unchanged.",
                      n) % counts)
    if result.rejected:
        m = len(result.rejected)
        print(tr.ngettext("%(count)d row was not imported; see above.", "%(count)d rows were not imported; see above.", m)
              % {"count": m}, file=sys.stderr)
        return EXIT_PROBLEMS
    return 0


def _selection(library, args: argparse.Namespace):
    return library.list_recipients(country=(args.country or "").upper() or None, kind=args.kind or None,
                                   language=args.language or None, search=args.search or None)


def cmd_recipients_export(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        recipients = _selection(library, args)
        library.export_csv(args.file, recipients)
    n = len(recipients)
    print(tr.ngettext("Wrote %(count)d recipient to %(path)s.", "Wrote %(count)d recipients to %(path)s.", n)
          % {"count": n, "path": str(args.file)})
    return 0


def cmd_recipients_list(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        recipients = _selection(library, args)
    if args.json:
        print(json.dumps([r.to_dict() for r in recipients], ensure_ascii=False, indent=2))
        return 0
    for r in recipients:
        flag = "  " + tr.gettext("(verify before sending)") if r.verify else ""
        print(f"{r.id}\t{r.kind}\t{r.country}\t{r.display_name}{flag}")
    return 0


def cmd_recipients_remove(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        _remove(args.ids, lambda rid: library.get_recipient(rid) is not None, library.delete_recipient,
                N_("No recipient has the id %(ids)s; nothing was removed."))
    return 0


def _remove(ids: list[str], exists, delete, unknown_message: str) -> None:
    """Remove every id, or none when any is unknown (a typo must not half-delete)."""
    unknown = [i for i in ids if not exists(i)]
    if unknown:
        raise PetitionDeskError(unknown_message, ids=", ".join(unknown))
    for i in ids:
        delete(i)


def cmd_signers_list(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        signers = library.list_signers()
    if args.json:
        print(json.dumps([s.to_dict() for s in signers], ensure_ascii=False, indent=2))
        return 0
    for s in signers:
        s = s.in_language(tr.language)
        details = ", ".join(x for x in (s.role, s.organisation, s.party) if x)
        print(f"{s.id}\t{s.name}" + (f"\t{details}" if details else ""))
    return 0


def _per_language(plain: str, given: list[str], option: str):
    """``plain`` with the ``LANG=TEXT`` texts of ``option`` added: one text, or one per language."""
    from desktop.core.fields import with_text
    from desktop.core.languages import DOCUMENT_LANGUAGES

    value = plain
    for item in given:
        language, sep, text = item.partition("=")
        language = language.strip().lower()
        if not sep or language not in DOCUMENT_LANGUAGES:
            raise PetitionDeskError(N_("%(option)s takes a language code and a text, such as fr=Coordinatrice; the "
                                       "language is one of: %(choices)s."),
                                    option=option, choices=", ".join(DOCUMENT_LANGUAGES))
        value = with_text(value, language, text)
    return value


def cmd_signers_add(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library
    from desktop.core.signers import signer_from_dict

    signer = signer_from_dict({
        "name": args.name, "role": _per_language(args.role, args.role_in, "--role-in"),
        "organisation": _per_language(args.organisation, args.organisation_in, "--organisation-in"),
        "party": args.party,
        "email": args.email, "address_lines": args.address,
        "signature_image": str(args.image) if args.image else "",
    }, "signer")
    with Library() as library:
        signer_id = library.add_signer(signer)
    print(tr.gettext("Saved the signer profile %(id)s.") % {"id": signer_id})
    return 0


def cmd_signers_remove(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        _remove(args.ids, lambda sid: library.get_signer(sid) is not None, library.delete_signer,
                N_("No signer profile has the id %(ids)s; nothing was removed."))
    return 0


def cmd_cases_list(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        for saved in library.list_cases():
            print(f"{saved.id}\t{saved.updated}\t{saved.name}")
    return 0


def cmd_cases_import(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.case import case_from_dict
    from desktop.core.files import load_structured
    from desktop.core.library import Library

    case = case_from_dict(load_structured(args.file))
    with Library() as library:
        case_id = library.save_case(case)
    print(tr.gettext("Saved the case as %(id)s.") % {"id": case_id})
    return 0


def cmd_cases_export(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.files import dump_json, write_text_atomic
    from desktop.core.library import Library

    with Library() as library:
        case = library.load_case(args.id)
    write_text_atomic(args.file, dump_json(case.to_dict()))
    print(tr.gettext("Wrote the case to %(path)s.") % {"path": str(args.file)})
    return 0


def cmd_cases_remove(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        saved = {c.id for c in library.list_cases()}
        _remove(args.ids, saved.__contains__, library.delete_case,
                N_("No saved case has the id %(ids)s; nothing was removed."))
    return 0


def _text(value, tr: Translator) -> str:
    return value.render(tr) if hasattr(value, "render") else str(value)
