"""``petition-desk log``: the correspondence log from the command line.

``list``, ``totals``, ``mark``, ``reply``, ``export`` (CSV), ``follow-up``
(letters for the overdue ones), ``outdated`` (letters a case change has
overtaken) and ``update`` (letters telling their recipients what changed). The log is written by ``petition-desk export`` unless it is
given ``--no-log``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.core.errors import N_
from desktop.core.i18n import Translator

EXIT_PROBLEMS = 1


def add_log_commands(sub, tr: Translator) -> None:
    from desktop.core.correspondence import CHANNELS, STATUSES

    _ = tr.gettext
    p = sub.add_parser("log", help=_("the correspondence log: letters sent, answered and due"))
    lsub = p.add_subparsers(metavar="ACTION")

    q = lsub.add_parser("list", help=_("list the letters in the log"))
    _filters(q, tr, STATUSES)
    q.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    q.add_argument("--totals", action="store_true", help=_("also print the totals per status and per country"))
    q.set_defaults(run=cmd_list)

    q = lsub.add_parser("totals", help=_("count the letters per status and per country"))
    _filters(q, tr, STATUSES)
    q.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    q.set_defaults(run=cmd_totals)

    q = lsub.add_parser("mark", help=_("mark a letter sent or returned"))
    q.add_argument("reference", metavar="REF", help=_("the letter's reference, as printed on it"))
    what = q.add_mutually_exclusive_group(required=True)
    what.add_argument("--sent", action="store_true", help=_("the letter was sent"))
    what.add_argument("--returned", action="store_true", help=_("the letter came back undelivered"))
    q.add_argument("--date", help=_("when (YYYY-MM-DD; default: today)"))
    q.add_argument("--channel", choices=CHANNELS, default="post",
                   help=_("how it was sent: post, email, fax, hand (delivered by hand) or web (a web form)"))
    q.add_argument("--follow-up", metavar="DATE", help=_("a new follow-up date (YYYY-MM-DD)"))
    q.set_defaults(run=cmd_mark)

    q = lsub.add_parser("reply", help=_("record the answer to a letter"))
    q.add_argument("reference", metavar="REF", help=_("the letter's reference, as printed on it"))
    q.add_argument("--date", required=True, help=_("when the reply came (YYYY-MM-DD)"))
    q.add_argument("--summary", default="", help=_("what the reply says, in a few words"))
    q.add_argument("--file", type=Path, help=_("the reply's scan or file, copied into the library"))
    q.set_defaults(run=cmd_reply)

    q = lsub.add_parser("export", help=_("write the log to a CSV file"))
    q.add_argument("file", type=Path)
    _filters(q, tr, STATUSES)
    q.set_defaults(run=cmd_export)

    _letters_parser(lsub.add_parser("follow-up", help=_("write follow-up letters for the overdue letters of a "
                                                        "draft's case")),
                    tr, "follow_up", cmd_follow_up, _("use this template instead of follow_up"),
                    _("do not record the follow-up letters in the log"))
    _letters_parser(lsub.add_parser("update", help=_("write update letters for the sent letters whose facts the "
                                                     "case has since changed")),
                    tr, "update", cmd_update, _("use this template instead of update"),
                    _("do not record the update letters in the log"))

    q = lsub.add_parser("outdated", help=_("list the sent letters whose facts the case has since changed"))
    q.add_argument("draft", nargs="?", type=Path, help=_("draft file (default: the built-in demo draft)"))
    q.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    from desktop.cli.drafts import add_passphrase_argument

    add_passphrase_argument(q, tr)
    q.set_defaults(run=cmd_outdated)


def _letters_parser(q: argparse.ArgumentParser, tr: Translator, template: str, run, template_help: str,
                    no_log_help: str) -> None:
    """The arguments of ``log follow-up`` and ``log update``, which write letters from a draft."""
    from desktop.cli.drafts import add_passphrase_argument

    _ = tr.gettext
    q.add_argument("draft", nargs="?", type=Path, help=_("draft file (default: the built-in demo draft)"))
    q.add_argument("--out", type=Path, default=Path(f"petition-desk-{template.replace('_', '-')}"),
                   help=_("output folder"))
    q.add_argument("--format", choices=("pdf", "docx", "all"), help=_("file format (default: the draft's)"))
    q.add_argument("--template", default=template, help=template_help)
    q.add_argument("--no-log", action="store_true", help=no_log_help)
    add_passphrase_argument(q, tr)
    q.set_defaults(run=run)


def _filters(p: argparse.ArgumentParser, tr: Translator, statuses: tuple[str, ...]) -> None:
    _ = tr.gettext
    p.add_argument("--case", help=_("only letters about this case (words of its name)"))
    p.add_argument("--recipient", help=_("only letters to this recipient (its id or words of its name)"))
    p.add_argument("--status", choices=statuses, help=_("only letters with this status"))
    p.add_argument("--overdue", action="store_true",
                   help=_("only letters sent, not answered, and past their follow-up date"))


def _selection(library, args: argparse.Namespace):
    from desktop.core.correspondence import list_letters

    return list_letters(library, case=args.case, recipient=args.recipient, status=args.status,
                        overdue=args.overdue)


def _date(text: str | None):
    from desktop.core.correspondence import parse_iso_date

    return parse_iso_date(text) if text is not None else None


def _status_name(status: str, tr: Translator) -> str:
    from desktop.core.correspondence import STATUS_NAMES

    return tr.gettext(STATUS_NAMES.get(status, status))


def cmd_list(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.correspondence import shown_status
    from desktop.core.library import Library

    with Library() as library:
        letters = _selection(library, args)
    if args.json:
        print(json.dumps([e.to_json() for e in letters], ensure_ascii=False, indent=2))
        return 0
    for e in letters:
        overdue = "  " + tr.gettext("(overdue)") if e.overdue() else ""
        when = e.sent_date or e.letter_date
        print(f"{e.reference}\t{when}\t{_status_name(shown_status(e), tr)}\t{e.language}\t{e.country}\t"
              f"{e.recipient_name}\t{e.case_name}{overdue}")
    if args.totals:
        _print_totals(letters, tr)
    return 0


def _print_totals(letters, tr: Translator) -> None:
    from desktop.core.correspondence import STATUSES, totals

    t = totals(letters)
    print(tr.ngettext("%(count)d letter", "%(count)d letters", t.letters) % {"count": t.letters} + ": "
          + ", ".join(f"{_status_name(s, tr)} {t.by_status[s]}" for s in STATUSES)
          + "; " + tr.gettext("overdue %(count)d") % {"count": t.overdue})
    for country, row in t.by_country.items():
        print(f"  {country}: " + ", ".join(f"{_status_name(s, tr)} {row[s]}" for s in STATUSES))


def cmd_totals(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.correspondence import totals
    from desktop.core.library import Library

    with Library() as library:
        letters = _selection(library, args)
    if args.json:
        t = totals(letters)
        print(json.dumps({"letters": t.letters, "overdue": t.overdue, "by_status": t.by_status,
                          "by_country": t.by_country}, ensure_ascii=False, indent=2))
        return 0
    _print_totals(letters, tr)
    return 0


def cmd_mark(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.correspondence import mark_returned, mark_sent, set_follow_up
    from desktop.core.library import Library

    date, follow_up = _date(args.date), _date(args.follow_up)  # both checked before anything changes
    with Library() as library:
        if args.sent:
            letter = mark_sent(library, args.reference, date, args.channel)
        else:
            letter = mark_returned(library, args.reference, date)
        if follow_up is not None:
            letter = set_follow_up(library, args.reference, follow_up)
    if letter.status == "sent":
        print(tr.gettext("Marked %(reference)s sent on %(date)s; follow up on %(follow_up)s.")
              % {"reference": letter.reference, "date": letter.sent_date, "follow_up": letter.follow_up})
    else:
        print(tr.gettext("Marked %(reference)s returned on %(date)s.")
              % {"reference": letter.reference, "date": letter.returned_date})
    return 0


def cmd_reply(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.correspondence import add_reply
    from desktop.core.library import Library

    date = _date(args.date)
    with Library() as library:
        letter = add_reply(library, args.reference, date, args.summary, args.file)
    print(tr.gettext("Recorded the reply to %(reference)s of %(date)s.")
          % {"reference": letter.reference, "date": letter.reply_date})
    return 0


def cmd_export(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.correspondence import export_csv
    from desktop.core.library import Library

    with Library() as library:
        letters = _selection(library, args)
    n = export_csv(letters, args.file)
    print(tr.ngettext("Wrote %(count)d letter to %(path)s.", "Wrote %(count)d letters to %(path)s.", n)
          % {"count": n, "path": str(args.file)})
    return 0


def _draft(args: argparse.Namespace, tr: Translator):
    from desktop.cli.drafts import load_for
    from desktop.core.demo import load_demo_draft

    return load_demo_draft() if args.draft is None else load_for(args.draft, args, tr)


def cmd_follow_up(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.followup import write_follow_ups

    status, n = _write_letters(args, tr, write_follow_ups)
    print(tr.ngettext("Wrote %(count)d follow-up letter to %(folder)s.",
                      "Wrote %(count)d follow-up letters to %(folder)s.", n) % {"count": n, "folder": str(args.out)})
    return status


def cmd_update(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.followup import write_updates

    status, n = _write_letters(args, tr, write_updates)
    print(tr.ngettext("Wrote %(count)d update letter to %(folder)s.",
                      "Wrote %(count)d update letters to %(folder)s.", n) % {"count": n, "folder": str(args.out)})
    return status


def _write_letters(args: argparse.Namespace, tr: Translator, write) -> tuple[int, int]:
    """Write the letters; print what went wrong; returns the exit status and the number written."""
    from desktop.core.library import Library

    draft = _draft(args, tr)
    formats = None if args.format is None else (("pdf", "docx") if args.format == "all" else (args.format,))
    with Library() as library:
        result = write(library, draft, args.out, template=args.template, formats=formats, record=not args.no_log)
    for problem in result.problems:
        print(problem.render(tr), file=sys.stderr)
    for e in result.missing:
        print(tr.gettext("%(reference)s: the recipient %(recipient)s is neither in the draft nor in the library; "
                         "no letter was written to them.") % {"reference": e.reference, "recipient": e.recipient_name},
              file=sys.stderr)
    for failure in result.failures:
        print(tr.gettext("Letter %(index)d (%(recipient)s) failed: %(reason)s")
              % {"index": failure.index, "recipient": failure.recipient, "reason": failure.message.render(tr)},
              file=sys.stderr)
    return (EXIT_PROBLEMS if result.problems or result.missing or result.failures else 0), result.letters


_FACT_NAMES = {"status": N_("status of %(person)s"), "sentence": N_("sentence of %(person)s"),
               "court": N_("court of %(person)s"), "detention_place": N_("place of detention of %(person)s"),
               "custody": N_("custody of %(person)s")}


def describe(change, tr: Translator) -> str:
    if change.kind == "new_person":
        return tr.gettext("new person %(person)s") % {"person": change.person}
    if change.kind == "gone_person":
        return tr.gettext("a person no longer in the case")
    return tr.gettext(_FACT_NAMES[change.fact]) % {"person": change.person}


def cmd_outdated(args: argparse.Namespace, tr: Translator) -> int:
    from desktop.core.correspondence import outdated_letters
    from desktop.core.library import Library

    draft = _draft(args, tr)
    with Library() as library:
        found = outdated_letters(library, draft.case)
    if args.json:
        print(json.dumps([{"reference": e.reference, "recipient": e.recipient_name, "letter_date": e.letter_date,
                           "changes": [{"kind": c.kind, "person": c.person, "fact": c.fact} for c in changes]}
                          for e, changes in found], ensure_ascii=False, indent=2))
        return 0
    for e, changes in found:
        print(f"{e.reference}\t{e.letter_date}\t{e.recipient_name}\t" + "; ".join(describe(c, tr) for c in changes))
    if not found:
        print(tr.gettext("No sent letter states a fact the case has since changed."))
    return 0
