"""File commands of the main window: New, Open, Save, Save As, recent drafts, recovery.

A mixin of :class:`~desktop.gui.main_window.MainWindow`; it uses the window's
``session``, ``settings``, ``tr`` and ``recent_menu``. The session does the
file work, this part asks the user.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.errors import PetitionDeskError
from desktop.gui.draft_session import forget_autosave

DRAFT_FILTER = "*.json *.toml"


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
        if not self._guard(lambda: self.session.open(path)):
            return False
        self.settings.add_recent_file(path)
        self.settings.set_last_folder("drafts", str(Path(path).parent))
        return True

    def save_draft(self) -> bool:
        if self.session.path is None:
            return self.save_draft_as()
        return self._saved(self.session.path)

    def save_draft_as(self) -> bool:
        start = self.session.path or Path(self.settings.last_folder("drafts") or Path.home()) / (
            (self.draft.title or self.tr.gettext("Untitled draft"))[:60].replace("/", "-") + ".json")
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr.gettext("Save the draft"), str(start),
            self.tr.gettext("Drafts (%(patterns)s)") % {"patterns": DRAFT_FILTER})
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in (".json", ".toml"):
            path = path.with_suffix(path.suffix + ".json") if path.suffix else path.with_suffix(".json")
        return self._saved(path)

    def _saved(self, path: Path) -> bool:
        if path.suffix.lower() == ".toml":
            path = path.with_suffix(".json")  # drafts are written as JSON; TOML is for reading hand-made ones
        if not self._guard(lambda: self.session.save(path)):
            return False
        self.settings.add_recent_file(path)
        self.settings.set_last_folder("drafts", str(path.parent))
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
        when = autosave.saved_at.strftime("%Y-%m-%d %H:%M") if autosave.saved_at else "?"
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
