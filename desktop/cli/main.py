"""The ``petition-desk`` command: the whole job, headless.

Every error is one clear sentence on stderr (in the interface language) and
a non-zero exit status, never a traceback. Only the Qt-free core is used.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from desktop import __version__
from desktop.core.errors import N_, PetitionDeskError
from desktop.core.i18n import LANGUAGES, Translator, system_language, translator
from desktop.core.logs import setup_logging
from desktop.cli.argparse_i18n import argparse_speaking, ui_language_in
from desktop.cli.drafts import add_encrypt_commands, add_force_argument, add_passphrase_argument, load_for, refuse_existing
from desktop.cli.library import EXIT_PROBLEMS, add_library_commands
from desktop.cli.log import add_log_commands
from desktop.cli.privacy import add_privacy_commands
from desktop.cli.resolution import add_resolution_commands
from desktop.cli.signatures import add_signatures_commands
from desktop.cli.signing import add_export_signing_arguments, add_verify_command, check_sign_formats, signing_for

EXIT_INTERNAL = 3
VERBOSE_FLAGS = {"--verbose": 1, "-v": 1, "-vv": 2}

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen (PyInstaller) export worker runs its task here and exits
    argv = list(sys.argv[1:] if argv is None else argv)
    verbosity, argv = verbosity_in(argv)
    log_file = setup_logging(verbosity)
    tr = translator(ui_language_in(argv) or system_language())
    with argparse_speaking(tr):  # usage errors and help headings in the same language as the rest
        parser = _parser(tr)
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return 0
    command = _command_name(args)
    started = time.perf_counter()
    log.info("command %s started (version %s, interface language %s)", command, __version__, tr.language)
    try:
        status = args.run(args, tr) or 0
    except PetitionDeskError as exc:
        # The message's id, not its text: its parameters can be the user's names and folders.
        log.info("command %s stopped: %s (%r)", command, type(exc).__name__, exc.msg.text)
        print(exc.message(tr), file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        log.info("command %s interrupted", command)
        print(tr.gettext("Stopped."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one sentence, no traceback on screen
        log.exception("command %s hit an internal error", command)
        if os.environ.get("PETITION_DESK_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {exc}"
        if log_file is not None:
            print(tr.gettext("Petition Desk hit an internal error (%(error)s). Your files were not changed; "
                             "please report this with the command you ran and the log file %(log)s.")
                  % {"error": error, "log": str(log_file)}, file=sys.stderr)
        else:
            print(tr.gettext("Petition Desk hit an internal error (%(error)s). Your files were not changed; "
                             "please report this with the command you ran.") % {"error": error}, file=sys.stderr)
        return EXIT_INTERNAL
    log.info("command %s finished with status %d in %.2f s", command, status, time.perf_counter() - started)
    return status


def verbosity_in(argv: list[str]) -> tuple[int, list[str]]:
    """``--verbose`` (or ``-v``; ``-vv`` for debug) anywhere before ``--``, and the arguments without it.

    It is read before the parser so it works before or after the command
    (``petition-desk --verbose export`` and ``petition-desk export --verbose``).
    """
    verbosity = 0
    rest: list[str] = []
    for index, word in enumerate(argv):
        if word == "--":
            rest.extend(argv[index:])
            break
        if word in VERBOSE_FLAGS:
            verbosity += VERBOSE_FLAGS[word]
        else:
            rest.append(word)
    return verbosity, rest


def _command_name(args: argparse.Namespace) -> str:
    """``export``, ``recipients import``, …: the handler's name, which is never the user's data."""
    name = getattr(args.run, "__name__", "?").removeprefix("cmd_").replace("_", " ")
    group = getattr(args.run, "__module__", "").rpartition(".")[2]
    return name if group in ("", "main") else f"{group} {name}"


def _parser(tr: Translator) -> argparse.ArgumentParser:
    _ = tr.gettext
    parser = argparse.ArgumentParser(
        prog="petition-desk",
        description=_("Write letters, petitions and resolutions about political prisoners, "
                      "addressed and signed, as DOCX and PDF."),
    )
    parser.add_argument("--version", action="version", version=f"Petition Desk {__version__}")
    parser.add_argument("--ui-lang", choices=LANGUAGES, help=_("language of messages (default: the system's)"))
    # Taken out of the arguments by verbosity_in() before parsing; declared here for --help.
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help=_("also show the log on the screen (-vv: every detail); "
                               "works before or after the command"))
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("templates", help=_("list the templates"))
    p.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    p.add_argument("--lang", choices=LANGUAGES, help=_("language of the titles"))
    p.set_defaults(run=cmd_templates)

    p = sub.add_parser("notice-rules", help=_("list the countries whose notices of assemblies the app knows"))
    p.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    p.set_defaults(run=cmd_notice_rules)

    p = sub.add_parser("check", help=_("list every problem in a draft"))
    p.add_argument("draft", nargs="?", type=Path, help=_("draft file (default: the built-in demo draft)"))
    p.add_argument("--lang", choices=LANGUAGES, help=_("check the letters in this language"))
    p.add_argument("--template", help=_("check with this template instead of the draft's"))
    _option_argument(p, tr)
    add_passphrase_argument(p, tr)
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("export", help=_("export the letters as PDF and/or DOCX"))
    p.add_argument("draft", nargs="?", type=Path, help=_("draft file (default: the built-in demo draft)"))
    p.add_argument("--format", choices=("pdf", "docx", "eml", "all"),
                   help=_("file format (default: the draft's); eml: an e-mail message per recipient with an "
                          "address, the letter attached as PDF, to open and send in your mail program"))
    p.add_argument("--out", type=Path, default=Path("petition-desk-export"), help=_("output folder"))
    p.add_argument("--combined", action="store_true", help=_("one PDF with every letter, for printing"))
    p.add_argument("--duplex", action="store_true",
                   help=_("with --combined: a blank page after each letter with an odd number of pages, so every "
                          "letter starts on a front side when printed on both sides"))
    p.add_argument("--allow-missing-glyphs", action="store_true",
                   help=_("export PDFs even if some characters have no font on this computer (they print as boxes)"))
    p.add_argument("--no-embed-fonts", dest="embed_fonts", action="store_false",
                   help=_("do not carry the fonts inside DOCX files (smaller files; Word then uses the fonts of "
                          "the computer that opens them)"))
    p.add_argument("--lang", choices=LANGUAGES, help=_("write every letter in this language"))
    p.add_argument("--template", help=_("use this template instead of the draft's"))
    p.add_argument("--file-name", help=_("file name pattern, e.g. \"{index:03d} {recipient} ({language})\""))
    p.add_argument("--recipient", action="append", metavar="ID", help=_("only this recipient (repeatable)"))
    p.add_argument("--workers", type=int, help=_("number of processes (default: automatic)"))
    p.add_argument("--quiet", action="store_true", help=_("print only errors"))
    p.add_argument("--no-log", action="store_true",
                   help=_("keep no record of these letters in the correspondence log, and print no reference on them"))
    _option_argument(p, tr)
    add_passphrase_argument(p, tr)
    add_export_signing_arguments(p, tr)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("calendar", help=_("write the case's hearings and deadlines ahead as a calendar file (.ics)"))
    p.add_argument("draft", nargs="?", type=Path, help=_("draft file (default: the built-in demo draft)"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE.ics", help=_("the calendar file to write"))
    p.add_argument("--lang", choices=LANGUAGES, help=_("language of the entries (default: the interface language)"))
    add_force_argument(p, tr, "FILE.ics")
    add_passphrase_argument(p, tr)
    p.set_defaults(run=cmd_calendar)

    p = sub.add_parser("demo", help=_("write a copy of the demo draft to edit"))
    p.add_argument("file", type=Path, help=_("where to save the draft (.json)"))
    add_force_argument(p, tr, "FILE")
    p.set_defaults(run=cmd_demo)

    add_encrypt_commands(sub, tr)
    add_signatures_commands(add_privacy_commands(sub, tr), tr)
    add_verify_command(sub, tr)
    add_resolution_commands(sub, tr)

    add_library_commands(sub, tr)
    add_log_commands(sub, tr)
    return parser


def _option_argument(p: argparse.ArgumentParser, tr: Translator) -> None:
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help=tr.gettext("a template setting, e.g. sheets=20, rows=15, style=ep (repeatable)"))


def _apply_options(draft, pairs: list[str]) -> None:
    """``--option sheets=20`` sets the draft's template options; values are read as JSON when they can be."""
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise PetitionDeskError(N_("The option %(option)s must be written KEY=VALUE, e.g. sheets=20."), option=pair)
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = value
        draft.options[key.strip()] = parsed


def _load(path: Path | None, args: argparse.Namespace, tr: Translator):
    """The draft at ``path`` (asking for its passphrase if it is protected), or the demo."""
    from desktop.core.demo import load_demo_draft

    return load_demo_draft() if path is None else load_for(path, args, tr)


# -- commands ----------------------------------------------------------------

def cmd_templates(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.templates import list_templates

    lang = args.lang or tr.language
    templates = list_templates()
    if args.json:
        print(json.dumps([
            {"id": t.id, "kind": t.kind, "title": t.title(lang), "description": t.description(lang),
             "languages": list(t.languages), "builtin": t.builtin}
            for t in templates
        ], ensure_ascii=False, indent=2))
        return 0
    width = max((len(t.id) for t in templates), default=0)
    for t in templates:
        print(f"{t.id:<{width}}  {t.kind:<10}  {t.title(lang)}  [{', '.join(t.languages)}]")
    return 0


# The days a notice's period skips or is extended by, as the rules file names them.
DAY_NAMES = {"saturday": N_("Saturday"), "sunday": N_("Sunday"), "holiday": N_("public holiday")}


def cmd_notice_rules(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.assembly import KINDS, rule_book

    book = rule_book()
    rows = []
    for code in book.codes():
        for kind in KINDS:
            r = book.rule(code, kind)
            rows.append({"country": r.code, "kind": kind, "language": r.language, "document": r.document,
                         "authority": r.authority, "unit": r.unit, "latest": r.latest, "earliest": r.earliest,
                         "skip": list(r.skip), "extend_if": list(r.extend_if), "binding": r.binding,
                         "law": r.law, "source": r.source})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    _ = tr.gettext
    units = {"hours": _("%(n)s hours before the start"), "days": _("%(n)s days before the day"),
             "clear_days": _("%(n)s clear days before the day"),
             "working_days": _("%(n)s working days before the day")}
    for row in rows:
        if row["unit"] == "none":
            period = _("no notice needed")
        else:
            period = units[row["unit"]] % {"n": row["latest"]}
        if row["earliest"]:
            period += "; " + _("at most %(n)s") % {"n": row["earliest"]}
        if row["skip"]:
            period += "; " + _("not counted: %(days)s") % {"days": ", ".join(_(DAY_NAMES.get(d, d)) for d in row["skip"])}
        if row["extend_if"]:
            period += "; " + _("one day more when the period holds a %(days)s") % {
                "days": " / ".join(_(DAY_NAMES.get(d, d)) for d in row["extend_if"])}
        if not row["binding"]:
            period += "; " + _("the authority's advice, not the law")
        print(f"{row['country']:<6} {row['kind']:<11} {period}")
        print(f"{'':<18} {row['law']} <{row['source']}>")
    return 0


def cmd_check(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.checks import check_draft

    draft = _load(args.draft, args, tr)
    _apply_options(draft, args.option)
    result = check_draft(draft, template=args.template, language=args.lang)
    for note in result.notes:
        print(tr.gettext("note: %(text)s") % {"text": note.render(tr)}, file=sys.stderr)
    for problem in result.problems:
        print(problem.render(tr), file=sys.stderr)
    if result.problems:
        n = len(result.problems)
        print(tr.ngettext("%(count)d problem found.", "%(count)d problems found.", n) % {"count": n}, file=sys.stderr)
        return EXIT_PROBLEMS
    print(tr.gettext("No problems found."))
    return 0


def cmd_export(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.batch import ExportRequest, plan_for, run_export, worker_count
    from desktop.core.glyphs import MISSING_GLYPHS

    draft = _load(args.draft, args, tr)
    _apply_options(draft, args.option)
    if args.recipient:
        by_id = {r.id: r for r in draft.recipients}
        missing = [rid for rid in args.recipient if rid not in by_id]
        if missing:
            raise PetitionDeskError(N_("The draft has no recipient with the id %(ids)s; see its recipients list."),
                                    ids=", ".join(missing))
        draft.recipients = [by_id[rid] for rid in args.recipient]
    combined = args.combined or draft.export.combined
    if args.format == "eml" and args.combined:
        raise PetitionDeskError(N_("E-mail messages cannot go into one print file; drop --combined to prepare "
                                   "one message per recipient."))
    if args.format == "eml":
        combined = False  # the draft's own print-file setting is for PDF exports
    if args.format is not None:
        formats = ("pdf", "docx") if args.format == "all" else (args.format,)
    else:
        # Only the print file was asked for: no DOCX per letter beside it.
        formats = ("pdf",) if combined else draft.export.formats
    if args.workers is not None:
        worker_count(args.workers, 1)  # 0 or less is refused with the number of cores
    check_sign_formats(args, tuple(formats), tr)  # before the passphrase: nothing to sign is an error
    request = ExportRequest(
        draft=draft,
        out_dir=args.out,
        formats=tuple(formats),
        combined=combined,
        file_name=args.file_name or draft.export.file_name,
        language=args.lang,
        template=args.template,
        workers=args.workers,
        signing=signing_for(args, tr),
        duplex=args.duplex,
        allow_missing_glyphs=args.allow_missing_glyphs,
        references=not args.no_log,
        embed_fonts=args.embed_fonts,
    )
    plan = plan_for(request)
    from desktop.core.mail import NO_ADDRESS

    if not args.quiet:
        for note in plan.notes:
            if note.text == NO_ADDRESS:
                continue  # listed by name after the export
            print(tr.gettext("note: %(text)s") % {"text": note.render(tr)}, file=sys.stderr)
    if plan.problems:
        for problem in plan.problems:
            print(problem.render(tr), file=sys.stderr)
        if any(p.text == MISSING_GLYPHS for p in plan.problems):
            print(tr.gettext("To export anyway, with those characters printed as boxes, add --allow-missing-glyphs."),
                  file=sys.stderr)
        print(tr.gettext("Nothing was exported; fix the problems above and try again."), file=sys.stderr)
        return EXIT_PROBLEMS
    show_progress = not args.quiet and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show_progress:
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    report = run_export(request, progress=progress, plan=plan)
    if show_progress:
        print(file=sys.stderr)
    logged = _record(plan, report) if not args.no_log else []
    for failure in report.failures:
        print(tr.gettext("Letter %(index)d (%(recipient)s) failed: %(reason)s")
              % {"index": failure.index, "recipient": failure.recipient, "reason": failure.message.render(tr)},
              file=sys.stderr)
    if report.without_address:
        print(tr.ngettext("No e-mail message for %(count)d recipient without an e-mail address:",
                          "No e-mail messages for %(count)d recipients without an e-mail address:",
                          len(report.without_address)) % {"count": len(report.without_address)}, file=sys.stderr)
        for item in report.without_address:
            print(f"  {item.index}. {item.recipient}" + (f" ({item.recipient_id})" if item.recipient_id else ""),
                  file=sys.stderr)
    if not args.quiet:
        if report.emailed:
            n = len(report.emailed)
            print(tr.ngettext("Prepared %(count)d e-mail message; open it in your mail program to send it.",
                              "Prepared %(count)d e-mail messages; open them in your mail program to send them.",
                              n) % {"count": n})
        for message in report.notes:
            print(tr.gettext("note: %(text)s") % {"text": message.render(tr)}, file=sys.stderr)
        n = len(report.files)
        print(tr.ngettext("Wrote %(count)d file to %(folder)s.", "Wrote %(count)d files to %(folder)s.", n)
              % {"count": n, "folder": str(args.out)})
        if logged:
            m = len(logged)
            print(tr.ngettext("Recorded %(count)d letter in the correspondence log (petition-desk log list).",
                              "Recorded %(count)d letters in the correspondence log (petition-desk log list).", m)
                  % {"count": m})
    return EXIT_PROBLEMS if report.failures else 0


def cmd_calendar(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.deadlines import write_calendar

    draft = _load(args.draft, args, tr)
    refuse_existing(args.out, args.force)
    events = write_calendar(args.out, draft.case, language=args.lang or tr.language)
    for event in events:
        print(f"{event.date.isoformat()}  {event.summary}")
    print(tr.ngettext("Wrote %(count)d date to %(path)s; import it in your calendar program.",
                      "Wrote %(count)d dates to %(path)s; import it in your calendar program.", len(events))
          % {"count": len(events), "path": str(args.out)})
    return 0
def _record(plan, report) -> list:
    """The exported letters in the correspondence log; the files are written whatever happens here."""
    from desktop.core.correspondence import record_export
    from desktop.core.library import Library

    if not any(d.reference for d in plan.documents) or report.letters == 0:
        return []
    with Library() as library:
        return record_export(library, plan, report)


def cmd_demo(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.demo import load_demo_draft
    from desktop.core.draft import save_draft

    refuse_existing(args.file, args.force)
    draft = load_demo_draft()
    save_draft(draft, args.file)
    print(tr.gettext("Saved the demo draft to %(path)s.") % {"path": str(args.file)})
    return 0


