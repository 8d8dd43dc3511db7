"""``petition-desk signatures``: returned petition sheets, counted by the code printed on each sheet."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator


def add_signatures_commands(ssub: argparse._SubParsersAction, tr: Translator) -> None:
    """Add the counting actions to the ``signatures`` command (which also makes signer lists' delivery copies)."""
    _ = tr.gettext
    q = ssub.add_parser("add", help=_("enter a returned sheet by the code printed on it"))
    _entry_arguments(q, tr)
    q.set_defaults(run=cmd_add)
    q = ssub.add_parser("change", help=_("change the entry of a sheet already entered"))
    _entry_arguments(q, tr)
    q.set_defaults(run=cmd_change)
    q = ssub.add_parser("list", help=_("list the returned sheets"))
    q.add_argument("--campaign", help=_("only the sheets of this case or campaign"))
    q.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    q.set_defaults(run=cmd_list)
    q = ssub.add_parser("totals", help=_("signatures per town or constituency and overall"))
    q.add_argument("--campaign", help=_("only the sheets of this case or campaign"))
    q.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    q.set_defaults(run=cmd_totals)
    q = ssub.add_parser("remove", help=_("remove the entries of returned sheets by code"))
    q.add_argument("codes", nargs="+", metavar="CODE")
    q.set_defaults(run=cmd_remove)
    q = ssub.add_parser("export", help=_("write the returned sheets to a CSV file"))
    q.add_argument("file", type=Path)
    q.add_argument("--campaign", help=_("only the sheets of this case or campaign"))
    q.set_defaults(run=cmd_export)


def _entry_arguments(q: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    q.add_argument("code", metavar="CODE", help=_("the code printed on the sheet, e.g. AB12CD-007"))
    q.add_argument("--rows", required=True, metavar="N", help=_("how many rows of the sheet are signed"))
    q.add_argument("--town", default="", help=_("the town or constituency where it was collected"))
    q.add_argument("--by", default="", metavar="NAME", help=_("who collected it (optional; stays in the library)"))
    q.add_argument("--date", default="", metavar="YYYY-MM-DD", help=_("when it was collected"))
    q.add_argument("--remarks", default="", help=_("a remark about the sheet"))
    q.add_argument("--campaign", default="",
                   help=_("the case or campaign, for sheets not exported from this library"))


def _entry(args: argparse.Namespace):
    from desktop.core.signatures import ReturnedSheet

    return ReturnedSheet(code=args.code, signed=args.rows, town=args.town, collected_by=args.by, date=args.date,
                         remarks=args.remarks, campaign=args.campaign)


def _say_entered(stored, tr: Translator, changed: bool) -> None:
    template = (tr.ngettext("Changed sheet %(code)s: %(count)d signature.",
                            "Changed sheet %(code)s: %(count)d signatures.", stored.signed) if changed else
                tr.ngettext("Entered sheet %(code)s: %(count)d signature.",
                            "Entered sheet %(code)s: %(count)d signatures.", stored.signed))
    print(template % {"code": stored.code, "count": stored.signed})
    if stored.rows is None:
        print(tr.gettext("note: no petition with the code %(petition)s was exported from this library; check the "
                         "code on the sheet. Without its number of rows, counts up to %(most)d are accepted.")
              % {"petition": stored.petition, "most": _max_rows()})


def _max_rows() -> int:
    from desktop.core.signatures import MAX_ROWS

    return MAX_ROWS


def cmd_add(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        stored = library.add_returned_sheet(_entry(args))
    _say_entered(stored, tr, changed=False)
    return 0


def cmd_change(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        stored = library.update_returned_sheet(_entry(args))
    _say_entered(stored, tr, changed=True)
    return 0


def cmd_list(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        entries = library.returned_sheets(args.campaign)
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return 0
    for e in entries:
        rows = f"{e.signed}/{e.rows}" if e.rows is not None else str(e.signed)
        date = e.date.isoformat() if e.date else ""
        print("\t".join([e.code, rows, e.town, e.collected_by, date, e.remarks]).rstrip("\t"))
    return 0


def cmd_totals(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library

    with Library() as library:
        found = library.signature_totals(args.campaign)
    if args.json:
        print(json.dumps({"sheets": found.sheets, "signatures": found.signatures, "towns": found.towns,
                          "by_town": [{"town": t.town, "sheets": t.sheets, "signatures": t.signatures}
                                      for t in found.by_town]}, ensure_ascii=False, indent=2))
        return 0
    for town in found.by_town:
        print(f"{town.town or tr.gettext('(no town given)')}\t{town.sheets}\t{town.signatures}")
    print(tr.ngettext("Total: %(count)d signature", "Total: %(count)d signatures", found.signatures)
          % {"count": found.signatures} + ", " +
          tr.ngettext("%(count)d sheet", "%(count)d sheets", found.sheets) % {"count": found.sheets} + ", " +
          tr.ngettext("%(count)d town", "%(count)d towns", found.towns) % {"count": found.towns} + ".")
    return 0


def cmd_remove(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library
    from desktop.core.signatures import parse_code

    codes = [parse_code(code) for code in args.codes]
    with Library() as library:
        unknown = [code for code in codes if library.returned_sheet(code) is None]
        if unknown:  # a typo must not half-delete
            raise PetitionDeskError(N_("No returned sheet has the code %(codes)s; nothing was removed."),
                                    codes=", ".join(unknown))
        for code in codes:
            library.remove_returned_sheet(code)
    n = len(codes)
    print(tr.ngettext("Removed %(count)d sheet.", "Removed %(count)d sheets.", n) % {"count": n})
    return 0


def cmd_export(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.library import Library
    from desktop.core.signatures import write_csv

    with Library() as library:
        entries = library.returned_sheets(args.campaign)
    write_csv(entries, args.file)
    n = len(entries)
    print(tr.ngettext("Wrote %(count)d sheet to %(path)s.", "Wrote %(count)d sheets to %(path)s.", n)
          % {"count": n, "path": str(args.file)})
    return 0
