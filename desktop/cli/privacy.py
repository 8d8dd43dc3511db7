"""``petition-desk signatures …``: commands that protect the people on a signer list.

Wired into :mod:`desktop.cli.main` with ``add_privacy_commands(sub, tr)``; each
command is a ``run(args, tr)`` function like the others there, so errors
become one clear sentence and an exit status.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.localize import DOCUMENT_LANGUAGES


def add_privacy_commands(subparsers: argparse._SubParsersAction, tr: Translator) -> argparse._SubParsersAction:
    """Register ``signatures delivery-copy`` under the main parser's subcommands; returns the ``signatures`` actions.

    The counting of returned petition sheets (:mod:`desktop.cli.signatures`) adds its actions to the same command.
    """
    _ = tr.gettext
    p = subparsers.add_parser("signatures", help=_("collected signatures: signer lists and returned petition sheets"))
    sub = p.add_subparsers(metavar="ACTION")
    q = sub.add_parser(
        "delivery-copy",
        help=_("write a copy of a signer list to hand over: street addresses cut to town or postcode, "
               "e-mail only with consent"),
    )
    q.add_argument("source", type=Path, metavar="IN.csv", help=_("the collected signer list (CSV)"))
    q.add_argument("target", type=Path, metavar="OUT.csv", help=_("where to write the delivery copy (CSV)"))
    q.add_argument("--pdf", type=Path, metavar="OUT.pdf", help=_("also write the delivery copy as a PDF table"))
    q.add_argument("--title", help=_("title of the PDF (default: \"Signatures\")"))
    q.add_argument("--lang", choices=DOCUMENT_LANGUAGES,
                   help=_("language of the column headings (default: the language of messages)"))
    q.set_defaults(run=cmd_signatures_delivery_copy)
    return sub


def cmd_signatures_delivery_copy(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.i18n import translator
    from desktop.core.signer_list import read_delivery_copy, write_delivery_csv, write_delivery_pdf

    source = Path(args.source)
    for target in (args.target, args.pdf):
        if target is not None and _same_file(source, Path(target)):
            # Writing over the collected list would destroy the original signatures' record.
            raise PetitionDeskError(
                N_("The delivery copy would replace the signer list %(path)s itself. Choose another file name "
                   "for the copy."),
                path=str(source),
            )
    copy = read_delivery_copy(source)
    if copy.rejected:
        # A copy without these rows would hand over fewer signatures than were collected, or misplace one.
        for row in copy.rejected:
            print(tr.gettext("line %(line)d: %(reason)s") % {"line": row.line, "reason": row.reason.render(tr)},
                  file=sys.stderr)
        m = len(copy.rejected)
        raise PetitionDeskError(
            N_("Nothing was written: some lines of the signer list %(path)s do not line up with its header (lines "
               "affected: %(count)d, listed above). Correct them and try again."), count=m, path=str(source))
    words = translator(args.lang) if args.lang else tr
    write_delivery_csv(copy, args.target, words.gettext)
    written = [str(args.target)]
    if args.pdf:
        from desktop.core.glyphs import catalog, describe

        fonts = catalog()
        for row in copy.rows:
            missing = fonts.missing(" ".join((row.name, row.place, row.email)))
            if missing:  # the row is kept; only these characters print as boxes
                print(tr.gettext("Row %(row)d has characters that no font on this computer can print: %(characters)s. "
                                 "They print as boxes in the PDF; install a font that covers them to print them.")
                      % {"row": row.number, "characters": describe(missing)}, file=sys.stderr)
        title = args.title or words.gettext("Signatures")
        write_delivery_pdf(copy, args.pdf, title, words.language if words.language in DOCUMENT_LANGUAGES else "en",
                           words.gettext)
        written.append(str(args.pdf))
    n = len(copy.rows)
    print(tr.ngettext("Wrote the delivery copy with %(count)d signer to %(paths)s.",
                      "Wrote the delivery copy with %(count)d signers to %(paths)s.", n)
          % {"count": n, "paths": ", ".join(written)})
    if copy.emails_dropped:
        m = copy.emails_dropped
        print(tr.ngettext("%(count)d e-mail address was left out: the signer did not consent to be contacted.",
                          "%(count)d e-mail addresses were left out: the signers did not consent to be contacted.", m)
              % {"count": m}, file=sys.stderr)
    return 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
