"""Command-line parts for digital signatures: ``export --sign`` and ``petition-desk verify``.

The passphrase of a certificate file never comes from the command line,
where other users of the machine could read it in the process list and the
shell would keep it in its history: it is read from an environment variable
or asked for without echo when a person is at the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator

DEFAULT_PASSPHRASE_ENV = "PETITION_DESK_SIGN_PASSPHRASE"

EXIT_INTACT = 0
EXIT_MODIFIED = 1
EXIT_NOT_SIGNED = 2


def add_export_signing_arguments(parser: argparse.ArgumentParser, tr: Translator) -> None:
    """Add ``--sign FILE.p12`` and ``--sign-passphrase-env VAR`` to the export command.

    The draft's own passphrase (a protected draft) is ``--passphrase-env``; the
    certificate's is separate, since they are different secrets.
    """
    _ = tr.gettext
    parser.add_argument("--sign", type=Path, metavar="FILE.p12",
                        help=_("sign every PDF with this certificate file (PKCS#12, .p12 or .pfx)"))
    parser.add_argument("--sign-passphrase-env", metavar="VAR", default=DEFAULT_PASSPHRASE_ENV,
                        help=_("environment variable that holds the certificate's passphrase "
                               "(default: %(default)s); without it, the passphrase is asked for"))
    # Taken exactly, so that "--passphrase SECRET" is refused instead of being read as an
    # abbreviation of --passphrase-env (which would echo the secret as a variable name).
    refusal = tr.gettext("The passphrase is never taken from the command line; put it in an environment "
                         "variable named with --sign-passphrase-env, or type it when asked.")

    class RefusePassphrase(argparse.Action):
        def __call__(self, parser, namespace, values, option_string=None) -> None:
            parser.error(refusal)  # never echoes the value

    parser.add_argument("--passphrase", nargs="?", action=RefusePassphrase, help=argparse.SUPPRESS)


def signing_for(args: argparse.Namespace, tr: Translator):
    """The loaded signer for ``ExportRequest.signing``, or None when ``--sign`` was not given."""
    from desktop.core.signing import load_signer

    p12 = getattr(args, "sign", None)
    if p12 is None:
        return None
    variable = getattr(args, "sign_passphrase_env", None) or DEFAULT_PASSPHRASE_ENV
    return load_signer(p12, _passphrase(p12, variable, tr))


def _passphrase(p12: Path, variable: str, tr: Translator) -> bytes:
    value = os.environ.get(variable)
    if value is not None:
        return value.encode("utf-8")
    if sys.stdin is not None and sys.stdin.isatty():
        prompt = tr.gettext("Passphrase for %(file)s: ") % {"file": p12.name}
        return getpass.getpass(prompt).encode("utf-8")
    raise PetitionDeskError(
        N_("No passphrase for the certificate file %(path)s: set the environment variable %(variable)s "
           "or run the command in a terminal to be asked for it."),
        path=str(p12), variable=variable,
    )


def add_verify_command(subparsers, tr: Translator) -> argparse.ArgumentParser:
    """Register ``petition-desk verify FILE.pdf``."""
    _ = tr.gettext
    p = subparsers.add_parser(
        "verify",
        help=_("check the digital signature of a PDF"),
        description=_("Says whether a PDF is signed, by whom, and whether it was changed after signing. "
                      "Exit status: 0 signed and unchanged, 1 changed after signing or the signature is "
                      "invalid, 2 not signed."),
    )
    p.add_argument("pdf", type=Path, metavar="FILE.pdf", help=_("the PDF to check"))
    p.set_defaults(run=cmd_verify)
    return p


def cmd_verify(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.signing import verify_pdf

    _ = tr.gettext
    result = verify_pdf(args.pdf)
    if not result.signed:
        print(_("%(file)s is not signed.") % {"file": args.pdf.name})
        return EXIT_NOT_SIGNED
    print(_("%(file)s is signed by %(name)s.") % {"file": args.pdf.name, "name": result.signer_name or "?"})
    if result.signing_time:
        print(_("Signed at: %(time)s") % {"time": result.signing_time})
    if result.intact and not result.modified_after_signing:
        print(_("The file has not been changed since it was signed."))
    else:
        print(_("WARNING: the file was changed after it was signed, or the signature is damaged."))
    if result.intact and not result.modified_after_signing and not result.covers_whole_file:
        print(_("Something was added after the signature without changing the signed content."))
    _print_validity(result, tr)
    if result.trusted:
        print(_("The certificate is trusted."))
    else:
        print(_("The certificate is not from a trusted authority (for example self-signed): "
                "check with the signer that it is theirs."))
    return EXIT_INTACT if result.ok else EXIT_MODIFIED


def _moment(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "?"


def _print_validity(result, tr: Translator) -> None:
    """The certificate's validity period, and whether it held when the file was signed and holds now."""
    _ = tr.gettext
    if result.valid_from is None or result.valid_until is None:
        return
    dates = {"start": _moment(result.valid_from), "end": _moment(result.valid_until)}
    print(_("The certificate is valid from %(start)s to %(end)s.") % dates)
    if result.valid_at_signing is False:
        if result.signed_at is not None and result.signed_at > result.valid_until:
            print(_("WARNING: the certificate had expired when the file was signed (it was valid until %(end)s); "
                    "the signature is not valid.") % dates)
        else:
            print(_("WARNING: the certificate was not yet valid when the file was signed (it is valid from "
                    "%(start)s); the signature is not valid.") % dates)
    elif result.valid_at_signing:
        print(_("The certificate was valid when the file was signed."))
    if result.valid_now:
        print(_("The certificate is still valid today."))
    elif result.expired_now:
        if result.valid_at_signing:
            print(_("The certificate has expired since then (on %(end)s); a signature made while it was valid "
                    "remains valid.") % dates)
        else:
            print(_("The certificate has expired (on %(end)s).") % dates)
    elif result.valid_now is False:
        print(_("The certificate is not valid yet (it is valid from %(start)s).") % dates)


def check_sign_formats(args: argparse.Namespace, formats: tuple[str, ...], tr: Translator) -> None:
    """``--sign`` signs PDF files only: refuse it for DOCX alone, and say once that DOCX files stay unsigned."""
    if getattr(args, "sign", None) is None:
        return
    if "pdf" not in formats and "eml" not in formats:  # an e-mail message carries the letter's PDF
        raise PetitionDeskError(N_("Only PDF files can be signed; add --format pdf or drop --sign."))
    if "docx" in formats:
        print(tr.gettext("note: %(text)s") % {"text": tr.gettext("the DOCX files are not signed; only the PDF "
                                                                  "files carry the signature.")},
              file=sys.stderr)
