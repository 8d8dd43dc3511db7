"""File commands of the main window: New, Open, Save, Save As, Save with Passphrase, recent drafts, recovery.

A mixin of :class:`~desktop.gui.main_window.MainWindow`; it uses the window's
``session``, ``settings``, ``tr`` and ``recent_menu``. The session does the
file work, this part asks the user.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from desktop.core.draft import PassphraseNeeded, WrongPassphrase
from desktop.core.errors import PetitionDeskError
from desktop.core.localize import format_datetime
from desktop.core.vault import ENCRYPTED_SUFFIX, check_new_passphrase
from desktop.gui.draft.session import forget_autosave

DRAFT_FILTER = "*.json *.toml *" + ENCRYPTED_SUFFIX
DRAFT_SUFFIXES = (".json", ".toml", ENCRYPTED_SUFFIX)


def suggested_name(title: str, limit: int = 60) -> str:
    """A file name from a draft's title, shortened at a word's end (never "…(histori"), without "/" or a
    parenthesis left open."""
    name = " ".join(title.replace("/", "-").replace("\\", "-").split())
    if len(name) > limit:
        cut = name[:limit + 1]
        space = cut.rfind(" ")
        name = cut[:space] if space > 0 else name[:limit]  # a single word longer than the limit is cut
        if name.count("(") > name.count(")"):
            name = name[:name.rfind("(")]
        name = name.rstrip(" -—–,;:.(")
    return name or "draft"


class DraftCommands:
    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False means the user wants to stay."""
        if not self.session.modified:
            return True
        _ = self.tr.gettext
        answer = QMessageBox.warning(
            self, _("Unsaved changes"),
            _("The draft has changes that are not saved. Save them before closing the draft?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_draft()
        return answer == QMessageBox.StandardButton.Discard

    def new_draft(self) -> None:
        if self.maybe_save():
            self.session.new()
            self.go_to_step(0)

    def open_demo(self) -> None:
        from desktop.core.demo import load_demo_draft

        if self.maybe_save():
            self._guard(lambda: self.session.load(load_demo_draft()))

    def open_draft(self, path: Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, self.tr.gettext("Open a draft"), self.settings.last_folder("drafts"),
                self.tr.gettext("Drafts (%(patterns)s)") % {"patterns": DRAFT_FILTER})
            if not name:
                return False
            path = Path(name)
        if not self._open_asking_passphrase(Path(path)):
            return False
        if not self.session.encrypted:  # the recent list is kept in clear; an encrypted draft's name stays out
            self.settings.add_recent_file(path)
        self.settings.set_last_folder("drafts", str(Path(path).parent))
        return True

    def _open_asking_passphrase(self, path: Path) -> bool:
        """Open ``path``; an encrypted one asks for its passphrase until it is right or the user gives up."""
        _ = self.tr.gettext
        try:
            self.session.open(path)
            return True
        except PassphraseNeeded:
            pass
        except PetitionDeskError as exc:
            QMessageBox.warning(self, _("Petition Desk"), exc.message(self.tr))
            return False
        label = _("The draft %(name)s is protected. Passphrase:") % {"name": path.name}
        while True:
            passphrase, ok = QInputDialog.getText(self, _("Open a protected draft"), label,
                                                  QLineEdit.EchoMode.Password)
            if not ok:
                return False
            try:
                self.session.open(path, passphrase)
                return True
            except WrongPassphrase as exc:
                QMessageBox.warning(self, _("Wrong passphrase"), exc.message(self.tr))
            except PetitionDeskError as exc:
                QMessageBox.warning(self, _("Petition Desk"), exc.message(self.tr))
                return False

    def save_draft(self) -> bool:
        if self.session.path is None:
            return self.save_draft_as()
        return self._saved(self.session.path)

    def save_draft_as(self) -> bool:
        """Save under a new name; an encrypted draft stays encrypted with the same passphrase."""
        path = self._ask_save_path(self.session.encrypted)
        return path is not None and self._saved(path)

    def save_draft_with_passphrase(self) -> bool:
        """Save an encrypted copy: ask where, then a new passphrase (twice); later Saves keep it."""
        path = self._ask_save_path(encrypted=True)
        if path is None:
            return False
        passphrase = self._ask_new_passphrase()
        return passphrase is not None and self._saved(path, passphrase)

    def install_passphrase_action(self) -> QAction:
        """Add File ▸ Save with Passphrase… after Save As (once); its text follows the interface language."""
        if getattr(self, "save_passphrase_action", None) is None:
            actions = self.file_menu.actions()
            after = actions.index(self.save_as_action) + 1 if self.save_as_action in actions else len(actions)
            action = QAction(self)
            action.triggered.connect(self.save_draft_with_passphrase)
            if after < len(actions):
                self.file_menu.insertAction(actions[after], action)
            else:
                self.file_menu.addAction(action)
            self.save_passphrase_action = action
            self.interface_language_changed.connect(lambda _language: self._name_passphrase_action())
        self._name_passphrase_action()
        return self.save_passphrase_action

    def _name_passphrase_action(self) -> None:
        _ = self.tr.gettext
        self.save_passphrase_action.setText(_("Save with &Passphrase…"))
        self.save_passphrase_action.setStatusTip(
            _("Encrypt the draft, its signers and recipients; it opens only with the passphrase"))

    def _ask_save_path(self, encrypted: bool) -> Path | None:
        suffix = ENCRYPTED_SUFFIX if encrypted else ".json"
        start = self.session.path.with_suffix(suffix) if self.session.path else Path(
            self.settings.last_folder("drafts") or Path.home()) / (
            suggested_name(self.draft.title or self.tr.gettext("Untitled draft")) + suffix)
        patterns = "*" + ENCRYPTED_SUFFIX if encrypted else DRAFT_FILTER
        title = self.tr.gettext("Save the draft with a passphrase") if encrypted else self.tr.gettext("Save the draft")
        name, _filter = QFileDialog.getSaveFileName(
            self, title, str(start), self.tr.gettext("Drafts (%(patterns)s)") % {"patterns": patterns})
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in DRAFT_SUFFIXES:
            path = Path(str(path) + suffix)
        return path

    def _ask_new_passphrase(self) -> str | None:
        """A new passphrase typed twice; None if the user cancels."""
        _ = self.tr.gettext
        title = _("Protect the draft with a passphrase")
        while True:
            first, ok = QInputDialog.getText(
                self, title, _("Passphrase (at least 8 characters; without it the draft cannot be opened, "
                               "and it cannot be recovered):"), QLineEdit.EchoMode.Password)
            if not ok:
                return None
            try:
                check_new_passphrase(first)
            except PetitionDeskError as exc:
                QMessageBox.warning(self, title, exc.message(self.tr))
                continue
            second, ok = QInputDialog.getText(self, title, _("The same passphrase again:"), QLineEdit.EchoMode.Password)
            if not ok:
                return None
            if second == first:
                return first
            QMessageBox.warning(self, title, _("The two passphrases differ. Type them again."))

    def _saved(self, path: Path, passphrase: str | None = None) -> bool:
        if path.suffix.lower() == ".toml":
            path = path.with_suffix(".json")  # drafts are written as JSON; TOML is for reading hand-made ones
        if not self._guard(lambda: self.session.save(path, passphrase)):
            return False
        if not self.session.encrypted:
            self.settings.add_recent_file(path)
        self.settings.set_last_folder("drafts", str(path.parent))
        if self.session.encrypted:
            self.statusBar().showMessage(self.tr.gettext(
                "Saved with a passphrase to %(path)s. A protected draft is not autosaved: save often.")
                % {"path": str(path)}, 8000)
        else:
            self.statusBar().showMessage(self.tr.gettext("Saved to %(path)s") % {"path": str(path)}, 5000)
        return True

    def _guard(self, action) -> bool:
        """Run ``action``; a problem the user can fix is shown, not raised."""
        try:
            action()
        except PetitionDeskError as exc:
            QMessageBox.warning(self, self.tr.gettext("Petition Desk"), exc.message(self.tr))
            return False
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = [p for p in self.settings.recent_files() if p.exists()]
        for path in files:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_draft(p))
        if not files:
            self.recent_menu.addAction(self.tr.gettext("No recent drafts")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr.gettext("Clear the List"), self.settings.clear_recent_files)

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest autosave back. True if it was recovered."""
        found = self.session.left_behind()
        if not found:
            return False
        autosave = found[0]
        _ = self.tr.gettext
        when = format_datetime(autosave.saved_at, self.tr.language, "short") if autosave.saved_at else "?"
        name = autosave.title or (autosave.draft_path.name if autosave.draft_path else _("Untitled draft"))
        answer = QMessageBox.question(
            self, _("Recover unsaved work?"),
            _("Petition Desk did not close properly last time. A copy of the draft \"%(name)s\" was saved "
              "automatically at %(time)s. Recover it?") % {"name": name, "time": when},
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            forget_autosave(autosave)
            return False
        return self._guard(lambda: self.session.recover(autosave))
