"""Command-line parts for drafts saved with a passphrase: encrypt, decrypt, and reading them.

``desktop/cli/main.py`` wires these in: :func:`add_encrypt_commands` adds the
``encrypt`` and ``decrypt`` commands, :func:`add_passphrase_argument` gives
``check`` and ``export`` a ``--passphrase-env`` option, and :func:`load_for`
reads a draft, asking for the passphrase only if the file is encrypted.
The passphrase is never taken as a plain argument: it would be visible to
every user of the machine in the process list and kept in the shell history.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import Translator


def add_passphrase_argument(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument(
        "--passphrase-env", metavar="VAR",
        help=tr.gettext("read the passphrase of an encrypted draft from this environment variable "
                        "(otherwise it is asked for)"))


def passphrase_for(args: argparse.Namespace, tr: Translator, confirm: bool = False) -> str:
    """The passphrase: from ``--passphrase-env``, or typed at the terminal (``confirm``: typed twice)."""
    var = getattr(args, "passphrase_env", None)
    if var:
        value = os.environ.get(var)
        if not value:
            raise PetitionDeskError(N_("The environment variable %(name)s is not set or empty; put the passphrase "
                                       "in it or leave out --passphrase-env to type it."), name=var)
        return value
    if not sys.stdin.isatty():
        raise PetitionDeskError(N_("A passphrase is needed and there is no terminal to type it in. "
                                   "Give it with --passphrase-env VAR."))
    value = getpass.getpass(tr.gettext("Passphrase: "))
    if confirm and getpass.getpass(tr.gettext("The same passphrase again: ")) != value:
        raise PetitionDeskError(N_("The two passphrases differ. Nothing was written; try again."))
    return value


def load_for(path: Path, args: argparse.Namespace, tr: Translator):
    """Load a draft; the passphrase is looked for only if the file turns out to be encrypted."""
    from desktop.core.draft import PassphraseNeeded, load_draft

    try:
        return load_draft(path)
    except PassphraseNeeded:
        return load_draft(path, passphrase_for(args, tr))


def add_encrypt_commands(subparsers: argparse._SubParsersAction, tr: Translator) -> None:
    _ = tr.gettext
    p = subparsers.add_parser("encrypt", help=_("save a copy of a draft protected with a passphrase"))
    p.add_argument("draft", type=Path, help=_("the draft to protect"))
    p.add_argument("out", type=Path, help=_("where to write the encrypted copy (e.g. appeal.pdesk)"))
    add_force_argument(p, tr)
    add_passphrase_argument(p, tr)
    p.set_defaults(run=cmd_encrypt)
    p = subparsers.add_parser("decrypt", help=_("write an unprotected copy of an encrypted draft"))
    p.add_argument("draft", type=Path, help=_("the encrypted draft"))
    p.add_argument("out", type=Path, help=_("where to write the unprotected copy (.json)"))
    add_force_argument(p, tr)
    add_passphrase_argument(p, tr)
    p.set_defaults(run=cmd_decrypt)


def cmd_encrypt(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.draft import load_draft, save_draft
    from desktop.core.vault import check_new_passphrase

    _refuse_same_file(args.draft, args.out)
    refuse_existing(args.out, args.force)
    draft = load_draft(args.draft)  # an already encrypted draft raises PassphraseNeeded: says what it is
    passphrase = passphrase_for(args, tr, confirm=True)
    check_new_passphrase(passphrase)
    save_draft(draft, args.out, passphrase)
    print(tr.gettext("Wrote the encrypted draft %(path)s. The original %(original)s is still there unprotected; "
                     "delete it if nobody should read it.") % {"path": str(args.out), "original": str(args.draft)})
    return 0


def cmd_decrypt(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.draft import save_draft

    _refuse_same_file(args.draft, args.out)
    refuse_existing(args.out, args.force)
    draft = load_for(args.draft, args, tr)
    _keep_pictures_beside(draft, Path(args.out))
    save_draft(draft, args.out)
    print(tr.gettext("Wrote %(path)s. This copy is NOT protected: anyone with the file can read who signed and "
                     "who receives the letters.") % {"path": str(args.out)}, file=sys.stderr)
    return 0


def _keep_pictures_beside(draft, out: Path) -> None:
    """Signature pictures taken out into the private temporary folder are gone when this command ends;
    the clear copy gets its own copies beside it."""
    from desktop.core.files import read_bytes, write_bytes_atomic
    from desktop.core.vault import unsealed_images_dir

    private = unsealed_images_dir().resolve()
    for index, signer in enumerate(draft.signers, start=1):
        image = signer.signature_image
        if image is None or Path(image).resolve().parent != private:
            continue
        target = out.with_name(f"{out.stem} signature {index}{Path(image).suffix}")
        write_bytes_atomic(target, read_bytes(Path(image)))
        signer.signature_image = target


def add_force_argument(parser: argparse.ArgumentParser, tr: Translator, name: str = "OUT") -> None:
    parser.add_argument("--force", action="store_true", help=tr.gettext("replace %(name)s if it exists") % {"name": name})


def refuse_existing(out: Path, force: bool) -> None:
    """A command never replaces a file silently: the user adds --force to mean it.

    A folder or a device named as the file is not "a file that exists": the
    write refuses it with its own sentence, --force or not.
    """
    from desktop.core.files import check_writable_target

    check_writable_target(Path(out))
    if Path(out).exists() and not force:
        raise PetitionDeskError(N_("The file %(path)s exists already; choose another name or add --force to "
                                   "replace it."), path=str(out))


def _refuse_same_file(source: Path, out: Path) -> None:
    if Path(out).resolve() == Path(source).resolve():
        raise PetitionDeskError(N_("Write the copy to another file than %(path)s, so the original stays as it is."),
                                path=str(source))
