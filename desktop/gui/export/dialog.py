"""The export dialog: formats, layout, folder, file names, progress, summary.

The export runs on its own thread through the core's ``run_export`` with a
cancel token; the dialog only shows progress and the result.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.batch import CancelToken, ExportReport, ExportRequest, plan_for, run_export
from desktop.core.draft import Draft, ExportSettings
from desktop.core.errors import PetitionDeskError
from desktop.core.filenames import PATTERN_FIELDS
from desktop.core.i18n import Translator
from desktop.gui.export import common as export_common
from desktop.gui.settings import AppSettings
from desktop.gui.widgets.colours import error_style

PREVIEW_NAMES = 3


class ExportThread(QThread):
    """Checks the draft, then exports it; reports by signals."""

    progressed = Signal(int, int)
    blocked = Signal(object)  # list[Problem]: nothing was exported
    succeeded = Signal(object)  # (ExportReport, notes: list[Problem])
    failed = Signal(object)  # the exception

    def __init__(self, request: ExportRequest, cancel: CancelToken, parent=None) -> None:
        super().__init__(parent)
        self.request = request
        self.cancel = cancel

    def run(self) -> None:
        from desktop.core.errors import Problem

        try:
            # The same plan that `check` validates and the export walks.
            plan = plan_for(self.request)
            if plan.problems:
                self.blocked.emit(plan.problems)
                return
            report = run_export(self.request, progress=lambda d, t: self.progressed.emit(d, t), cancel=self.cancel,
                                plan=plan)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog in plain words
            self.failed.emit(exc)
        else:
            notes = [*plan.notes, *(Problem("export", m.text, m.params) for m in report.notes)]
            if self.request.references and report.letters:
                notes.extend(_record(plan, report))
            self.succeeded.emit((report, notes))


def _record(plan, report) -> list:
    """Record the written letters in the correspondence log; a failure is told, the files stay."""
    from desktop.core.correspondence import record_export
    from desktop.core.errors import PetitionDeskError, Problem
    from desktop.core.library import Library

    try:
        with Library() as library:  # its own connection: this runs on the export's thread
            record_export(library, plan, report)
    except PetitionDeskError as exc:
        return [Problem("log", exc.msg.text, exc.msg.params)]
    return []


class ExportDialog(QDialog):
    export_finished = Signal(object)  # ExportReport, or None if nothing was exported

    def __init__(self, tr: Translator, draft: Draft, settings: AppSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._draft = draft
        self._settings = settings
        self._thread: ExportThread | None = None
        self._cancel: CancelToken | None = None
        self._allow_missing_glyphs = False  # the user accepted boxes for characters no font has
        self._again_with_boxes = False
        self._folder_done: Path | None = None
        self._names_timer = QTimer(self, singleShot=True, interval=150)
        self._names_timer.timeout.connect(self.update_name_preview)
        self._build()
        self._load(draft.export)
        self.retranslate(tr)

    # -- layout -----------------------------------------------------------------
    def _build(self) -> None:
        self.pdf_box = QCheckBox()
        self.docx_box = QCheckBox()
        self.eml_box = QCheckBox()  # each letter's PDF in an e-mail message to open in the mail program
        formats = QVBoxLayout()  # one per line: the labels are long in every language
        formats.setSpacing(2)
        formats.addWidget(self.pdf_box)
        formats.addWidget(self.docx_box)
        formats.addWidget(self.eml_box)

        self.separate_radio = QRadioButton()
        self.combined_radio = QRadioButton()
        self._layout_group = QButtonGroup(self)
        self._layout_group.addButton(self.separate_radio)
        self._layout_group.addButton(self.combined_radio)
        arrangement = QVBoxLayout()
        arrangement.setSpacing(2)
        arrangement.addWidget(self.separate_radio)
        arrangement.addWidget(self.combined_radio)

        folder = export_common.build_folder_row(self)

        self.pattern_edit = QLineEdit()
        self.pattern_edit.textChanged.connect(lambda _t: self._names_timer.start())
        self.pattern_help = QLabel(wordWrap=True)
        self.pattern_help.setEnabled(False)
        self.names_preview = QLabel()
        # A very long name is cut at the edge rather than widening the dialog off the screen.
        self.names_preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.names_preview.setMinimumWidth(1)
        self.names_preview.setTextFormat(Qt.TextFormat.PlainText)
        self.names_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        for box in (self.pdf_box, self.docx_box, self.eml_box, self.separate_radio, self.combined_radio):
            box.toggled.connect(lambda _on: self._names_timer.start())
        self.eml_box.toggled.connect(self._mail_chosen)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.formats_label = QLabel()
        self.arrangement_label = QLabel()
        self.folder_label = QLabel()
        self.pattern_label = QLabel()
        self.names_label = QLabel()
        self.form.addRow(self.formats_label, formats)
        # DOCX files carry their fonts unless the user wants the smallest files.
        self.embed_fonts_box = QCheckBox()
        self.embed_fonts_box.setChecked(True)
        self.embed_fonts_box.setEnabled(self.docx_box.isChecked())
        self.docx_box.toggled.connect(self.embed_fonts_box.setEnabled)
        self.form.addRow("", self.embed_fonts_box)
        self.form.addRow(self.arrangement_label, arrangement)
        self.form.addRow(self.folder_label, folder)
        self.form.addRow(self.pattern_label, self.pattern_edit)
        self.form.addRow("", self.pattern_help)
        self.form.addRow(self.names_label, self.names_preview)

        # Digital signature: the certificate file is chosen here; its passphrase is
        # asked for when the export starts and kept only for that export.
        self.sign_box = QCheckBox()
        self.sign_edit = QLineEdit()
        self.sign_edit.setEnabled(False)
        self.sign_button = QPushButton()
        self.sign_button.setEnabled(False)
        self.sign_button.clicked.connect(self.choose_certificate)
        self.sign_box.toggled.connect(self.sign_edit.setEnabled)
        self.sign_box.toggled.connect(self.sign_button.setEnabled)
        certificate = QHBoxLayout()
        certificate.addWidget(self.sign_edit, 1)
        certificate.addWidget(self.sign_button)
        self.sign_label = QLabel()
        self.form.addRow(self.sign_label, self.sign_box)
        self.form.addRow("", certificate)

        # The correspondence log: on by default; a user at risk may keep no record at all.
        self.log_box = QCheckBox()
        self.log_box.setChecked(True)
        self.log_label = QLabel()
        self.form.addRow(self.log_label, self.log_box)

        export_common.build_result_area(self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_export)
        export_common.lay_out(self, self.form, 620)

    def _load(self, export: ExportSettings) -> None:
        self.pdf_box.setChecked("pdf" in export.formats)
        self.docx_box.setChecked("docx" in export.formats)
        self.eml_box.setChecked("eml" in export.formats)
        (self.combined_radio if export.combined else self.separate_radio).setChecked(True)
        self.pattern_edit.setText(export.file_name)
        self.folder_edit.setText(export_common.default_folder(self._settings, "export"))

    def retranslate(self, tr: Translator) -> None:
        self._tr = tr
        _ = tr.gettext
        self.setWindowTitle(_("Export letters"))
        n = len(self._draft.recipients)
        self.intro.setText(tr.ngettext("%(count)d letter will be made, one for each chosen recipient.",
                                       "%(count)d letters will be made, one for each chosen recipient.", n)
                           % {"count": n})
        self.formats_label.setText(_("Formats:"))
        self.pdf_box.setText(_("PDF (to print or send)"))
        self.docx_box.setText(_("DOCX (to edit in a word processor)"))
        self.eml_box.setText(_("E-mail messages (.eml)"))
        self.eml_box.setToolTip(_("One message per recipient with an e-mail address, the letter attached as PDF, "
                                  "to open in your mail program (Thunderbird, Outlook, Mail) and send from there. "
                                  "Nothing is sent from Petition Desk."))
        self.embed_fonts_box.setText(_("Carry the fonts inside the DOCX files, so they look the same on every computer"))
        self.arrangement_label.setText(_("Files:"))
        self.separate_radio.setText(_("One file per recipient"))
        self.combined_radio.setText(_("One combined PDF with every letter, for printing"))
        self.pattern_label.setText(_("File names:"))
        self.pattern_edit.setAccessibleName(_("File name pattern"))
        self.pattern_help.setText(_("Fields you can use: %(fields)s")
                                  % {"fields": " ".join(f"{{{name}}}" for name in PATTERN_FIELDS)})
        self.names_label.setText(_("For example:"))
        self.sign_label.setText(_("Signature:"))
        self.log_label.setText(_("Log:"))
        self.log_box.setText(_("Record the letters in the correspondence log, with a reference number on each"))
        self.sign_box.setText(_("Sign every PDF digitally with my certificate (PKCS#12)"))
        self.sign_edit.setAccessibleName(_("Certificate file"))
        self.sign_edit.setPlaceholderText(_("certificate file (.p12 or .pfx)"))
        self.sign_button.setText(_("Choose…"))
        export_common.retranslate_shared(self, tr)
        self.update_name_preview()

    # -- choices ----------------------------------------------------------------
    def formats(self) -> tuple[str, ...]:
        return tuple(f for f, box in (("pdf", self.pdf_box), ("docx", self.docx_box), ("eml", self.eml_box))
                     if box.isChecked())

    def _mail_chosen(self, on: bool) -> None:
        """E-mail messages are one per recipient: never in the print file."""
        if on:
            self.separate_radio.setChecked(True)
        self.combined_radio.setEnabled(not on and self._thread is None)

    def export_settings(self) -> ExportSettings:
        return ExportSettings(formats=self.formats() or ("pdf",), combined=self.combined_radio.isChecked(),
                              file_name=self.pattern_edit.text())

    def choose_folder(self) -> None:
        export_common.choose_folder(self, self._tr.gettext("Choose the folder for the letters"))

    def choose_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self._tr.gettext("Choose your certificate"),
                                              self.sign_edit.text(),
                                              self._tr.gettext("Certificates (*.p12 *.pfx)"))
        if path:
            self.sign_edit.setText(path)

    def _signing(self):
        """The loaded certificate, None when not signing, or False when the user cancelled or it failed."""
        if not self.sign_box.isChecked():
            return None
        _ = self._tr.gettext
        path = Path(self.sign_edit.text().strip()).expanduser()
        if not self.sign_edit.text().strip():
            self._show_summary(_("Choose your certificate file, or untick the signature."))
            return False
        if not {"pdf", "eml"} & set(self.formats()):  # before the passphrase: there would be nothing to sign
            self._show_summary(_("Only PDF files can be signed: tick PDF, or untick the signature."))
            return False
        passphrase, ok = QInputDialog.getText(self, _("Passphrase"),
                                              _("Passphrase of %(file)s:") % {"file": path.name},
                                              QLineEdit.EchoMode.Password)
        if not ok:
            return False
        from desktop.core.signing import load_signer

        try:
            return load_signer(path, passphrase.encode("utf-8"))
        except PetitionDeskError as exc:
            self._show_summary(exc.message(self._tr))
            return False
        finally:
            del passphrase

    def _request(self) -> ExportRequest:
        return ExportRequest(
            draft=self._draft,
            out_dir=Path(self.folder_edit.text().strip()).expanduser(),
            formats=self.formats(),
            combined=self.combined_radio.isChecked(),
            file_name=self.pattern_edit.text(),
            allow_missing_glyphs=self._allow_missing_glyphs,
            references=self.log_box.isChecked(),
            embed_fonts=self.embed_fonts_box.isChecked(),
        )

    def update_name_preview(self) -> None:
        """Show the first file names the pattern gives, or what is wrong with it."""
        try:
            export_plan = plan_for(self._request(), check=False)
            naming = [p for p in export_plan.problems if p.where == "export.file_name"]
            if naming:
                raise PetitionDeskError(naming[0].text, **naming[0].params)
            jobs = export_plan.documents
        except PetitionDeskError as exc:
            self.names_preview.setText(exc.message(self._tr))
            self.names_preview.setStyleSheet(error_style())
            return
        self.names_preview.setStyleSheet("")
        formats = self.formats() or ("pdf",)
        if self.combined_radio.isChecked():
            formats = tuple(f for f in formats if f != "pdf")
        lines = []
        for job in jobs[:PREVIEW_NAMES]:  # a recipient without an e-mail address gets no message
            made = [f for f in formats if f != "eml" or job.recipient.email.strip()]
            if made:
                lines.append(f"{job.stem}." + ", .".join(made))
        if self.combined_radio.isChecked() and "pdf" in self.formats():
            lines.insert(0, self._tr.gettext("one PDF with every letter"))
        rest = len(jobs) - PREVIEW_NAMES
        if rest > 0:
            lines.append(self._tr.ngettext("… and %(count)d more", "… and %(count)d more", rest) % {"count": rest})
        self.names_preview.setText("\n".join(lines))

    # -- running ----------------------------------------------------------------
    def is_running(self) -> bool:
        return self._thread is not None

    def start_export(self, allow_missing_glyphs: bool = False) -> None:
        if self._thread is not None:
            return
        self._allow_missing_glyphs = allow_missing_glyphs
        _ = self._tr.gettext
        if not self.formats():
            self._show_summary(_("Choose at least one format: PDF, DOCX or both."))
            return
        if not self.folder_edit.text().strip():
            self._show_summary(_("Choose the folder where the letters should be saved."))
            return
        signing = self._signing()
        if signing is False:
            return
        request = self._request()
        request.signing = signing
        request.draft = copy.deepcopy(self._draft)  # edits in the window must not reach a running export
        self._cancel = CancelToken()
        self._thread = ExportThread(request, self._cancel, self)
        self._thread.progressed.connect(self._progressed)
        self._thread.blocked.connect(self._blocked)
        self._thread.succeeded.connect(self._succeeded)
        self._thread.failed.connect(self._failed)
        self._thread.finished.connect(self._thread_done)
        self._set_running(True)
        self.progress.setRange(0, 0)  # busy until the first letter reports
        self.summary.setVisible(False)
        self._thread.start()

    def cancel_export(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self._tr.gettext("Stopping…"))

    def _set_running(self, running: bool) -> None:
        for widget in (self.pdf_box, self.docx_box, self.eml_box, self.separate_radio, self.combined_radio,
                       self.folder_edit, self.folder_button, self.pattern_edit, self.log_box):
            widget.setEnabled(not running)
        if not running and self.eml_box.isChecked():
            self.combined_radio.setEnabled(False)
        self.embed_fonts_box.setEnabled(not running and self.docx_box.isChecked())
        self.progress.setVisible(running)
        self.progress.setFormat("%v / %m")
        self.export_button.setVisible(not running)
        self.close_button.setVisible(not running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        if running:
            self.open_folder_button.setVisible(False)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _blocked(self, problems) -> None:
        from desktop.core.glyphs import MISSING_GLYPHS

        _ = self._tr.gettext
        lines = [_("Nothing was exported. Fix these first:")] + ["• " + p.render(self._tr) for p in problems]
        self._show_summary("\n".join(lines))
        if problems and all(p.text == MISSING_GLYPHS for p in problems) and self._ask_missing_glyphs(problems):
            # Only characters no font has stood in the way, and the user accepts boxes for them:
            # export again once this run's thread has finished.
            self._again_with_boxes = True
            return
        self.export_finished.emit(None)

    def _ask_missing_glyphs(self, problems) -> bool:
        """Ask whether to export anyway, with the characters no font has printed as boxes."""
        from PySide6.QtWidgets import QMessageBox

        _ = self._tr.gettext
        box = QMessageBox(QMessageBox.Icon.Question, _("Characters that cannot be printed"),
                          _("Some characters cannot be printed in the PDF: no font on this computer has them. "
                            "Install a font that covers them and export again, or export now and they print as "
                            "boxes (the DOCX files keep them)."), parent=self)
        box.setDetailedText("\n".join(p.render(self._tr) for p in problems))
        anyway = box.addButton(_("Export with boxes"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is anyway

    def _failed(self, exc: Exception) -> None:
        reason = export_common.failure_reason(self._tr, exc)
        self._show_summary(self._tr.gettext("The export stopped: %(reason)s") % {"reason": reason})
        self.export_finished.emit(None)

    def _succeeded(self, outcome: tuple[ExportReport, list]) -> None:
        report, notes = outcome
        tr = self._tr
        folder = Path(self.folder_edit.text().strip()).expanduser()
        n = len(report.files)
        lines = [tr.ngettext("Wrote %(count)d file to %(folder)s.", "Wrote %(count)d files to %(folder)s.", n)
                 % {"count": n, "folder": str(folder)}]
        if report.cancelled:
            lines.append(tr.gettext("The export was cancelled; the files listed were finished, no others were written."))
        for failure in report.failures:
            lines.append(tr.gettext("Letter %(index)d (%(recipient)s) failed: %(reason)s")
                         % {"index": failure.index, "recipient": failure.recipient,
                            "reason": failure.message.render(tr)})
        if report.emailed:
            lines.append(tr.ngettext(
                "Prepared %(count)d e-mail message; open it in your mail program to send it.",
                "Prepared %(count)d e-mail messages; open them in your mail program to send them.",
                len(report.emailed)) % {"count": len(report.emailed)})
        if report.without_address:
            lines.append(tr.ngettext("No e-mail message for %(count)d recipient without an e-mail address:",
                                     "No e-mail messages for %(count)d recipients without an e-mail address:",
                                     len(report.without_address)) % {"count": len(report.without_address)})
            lines.extend(f"• {item.recipient}" for item in report.without_address)
        from desktop.core.mail import NO_ADDRESS
        from desktop.core.plan import SAMPLE_ADDRESS

        notes = [n for n in notes if n.text != NO_ADDRESS]  # listed above, by name
        samples = [n for n in notes if n.text == SAMPLE_ADDRESS]
        if samples:
            lines.append(tr.ngettext("Note: %(count)d address is a sample; verify it before sending.",
                                     "Note: %(count)d addresses are samples; verify them before sending.",
                                     len(samples)) % {"count": len(samples)})
        lines.extend(tr.gettext("note: %(text)s") % {"text": n.render(tr)} for n in notes if n.text != SAMPLE_ADDRESS)
        self._folder_done = folder
        if self._settings is not None:
            self._settings.set_last_folder("export", str(folder))
        self._show_summary("\n".join(lines))
        self.open_folder_button.setVisible(n > 0)
        self.report = report
        self.export_finished.emit(report)

    def _show_summary(self, text: str) -> None:
        export_common.show_summary(self.summary, text)

    def _thread_done(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        self._thread = None
        self._cancel = None
        self._set_running(False)
        if self._again_with_boxes:
            self._again_with_boxes = False
            self.start_export(allow_missing_glyphs=True)

    def open_folder(self) -> None:
        export_common.open_folder(self._folder_done)

    def reject(self) -> None:
        if self._thread is not None:  # closing means stop: finished files stay, nothing half-written
            self.cancel_export()
            self._thread.wait()
        super().reject()
