"""The main window: the five steps on the left, the live letter on the right."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.core.draft import RECIPIENT_LANGUAGE, Draft
from desktop.core.errors import PetitionDeskError
from desktop.core.i18n import LANGUAGES, Translator, translator
from desktop.core.languages import native_name
from desktop.gui.case.editor import CaseEditor
from desktop.gui.draft.commands import DraftCommands
from desktop.gui.draft.session import DraftSession
from desktop.gui.draft.undo import (
    LANGUAGE_CHANGED,
    LETTER_DETAILS_CHANGED,
    RECIPIENTS_CHANGED,
    SETTING_CHANGED,
    TEMPLATE_CHANGED,
    DraftPartCommand,
)
from desktop.gui.export.step import ExportStep
from desktop.gui.preview import PreviewPane
from desktop.gui.recipients.panel import RecipientsPanel
from desktop.gui.qt_translations import install_qt_translations
from desktop.gui.resolution.editor import ResolutionEditor, is_resolution_template
from desktop.gui.welcome import WelcomePage
from desktop.gui.settings import AppSettings
from desktop.gui.signers.panel import SignersPanel
from desktop.gui.templates.gallery import TemplateGallery
from desktop.gui.widgets.accelerators import unique_accelerators
from desktop.gui.workers import run_in_background
from desktop.gui.widgets.colours import error_style

# Each language's name in itself, so anyone can find their own in the menu.
CHECK_DELAY_MS = 700
MINIMUM_SIZE = (720, 480)  # every step stays usable down to this (scrolling vertically)


def preview_width(total: int) -> int:
    """The preview's share of a window ``total`` pixels wide: less on a small screen, where the editors need it."""
    return max(260, min(int(total * 0.4), int(total * 0.3) if total < 1300 else total))


def fit_to_screen(window: QWidget) -> None:
    """Shrink and move ``window`` into its screen's available area (a size saved on a larger screen)."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    if window.isMaximized() or window.isFullScreen():
        return
    width, height = min(window.width(), area.width()), min(window.height(), area.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.x()), max(y, area.y()))


class _FittingScrollArea(QScrollArea):
    """Tells its editor the width it has (``fit_width``) before laying it out, so it can rearrange to fit."""

    def resizeEvent(self, event) -> None:
        body = self.widget()
        if body is not None and hasattr(body, "fit_width"):
            body.fit_width(self.viewport().width() if self.viewport() else event.size().width())
        super().resizeEvent(event)


class _CaseStep(QTabWidget):
    """Step 2: the resolution workbench and the case editor, in tabs; the case editor fits the width it has."""

    def __init__(self, case_editor: QWidget) -> None:
        super().__init__()
        self._case_editor = case_editor

    def fit_width(self, width: int) -> None:
        self._case_editor.fit_width(width)


class StepPage(QWidget):
    """A step's heading above its editor, with Back / Next below."""

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.heading = QLabel(wordWrap=True)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.note = QLabel(wordWrap=True)
        self.note.setVisible(False)
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        # On a small screen a wide editor scrolls instead of pushing the window off the screen.
        # Vertically only: sideways scrolling hides the ends of fields and buttons, so the editors wrap instead.
        scroll = _FittingScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        layout.addLayout(nav)


class MainWindow(DraftCommands, QMainWindow):
    interface_language_changed = Signal(str)

    STEP_TITLES = ("Template", "Case", "Recipients", "Signers", "Export")

    def __init__(self, tr: Translator | None = None, settings: AppSettings | None = None,
                 session: DraftSession | None = None) -> None:
        super().__init__()
        from desktop.core.library import Library

        self.settings = settings or AppSettings()
        self.tr = tr or translator(self.settings.interface_language() or "en")
        self.library = Library()
        self.session = session or DraftSession(parent=self)
        self._loading = False
        self._started = False  # the welcome page shows only for the blank draft of a first start
        self._problems: list = []
        self._notes: list = []
        self._check_generation = 0
        self._checks_answered = 0
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._run_checks)
        # Structural edits of this draft, undoable (the resolution workbench keeps its own stack).
        self.undo_stack = QUndoStack(self)
        self._pending_edit: str | None = None  # the name of the structural edit under way
        self._last: dict[str, object] = {}  # the parts of the draft as last seen, the "before" of the next edit
        self._build()
        self._build_menus()
        self.retranslate(self.tr)
        self.session.modified_changed.connect(self.setWindowModified)
        self.session.modified_changed.connect(lambda _m: self._update_title())
        self.session.modified_changed.connect(lambda _m: self._update_problems_button())
        self.session.path_changed.connect(lambda _p: self._update_title())
        self.session.draft_replaced.connect(self._show_draft)
        self.session.autosave_failed.connect(self._autosave_failed)
        self.session.autosave_works.connect(self._autosave_works)
        self.session.start()
        self._show_draft()
        self._restore_window()

    # -- layout -----------------------------------------------------------------
    def _build(self) -> None:
        tr = self.tr
        self.gallery = TemplateGallery(tr)
        self.case_editor = CaseEditor(tr, self.library)
        # Step 2 of a resolution: the workbench, with the facts of the case (which seed it) on a second tab.
        self.resolution_editor = ResolutionEditor(tr, self.settings)
        self.case_step = _CaseStep(self.case_editor)
        self.case_step.setDocumentMode(True)
        self.case_step.addTab(self.resolution_editor, "")
        self.case_step.addTab(self.case_editor, "")
        self.case_step.currentChanged.connect(lambda _i: self._show_editing_language(self.case_editor.language))
        self.recipients_panel = RecipientsPanel(tr, self.library)
        self.signers_panel = SignersPanel(tr, self.library)
        self.export_step = ExportStep(tr)
        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setFixedWidth(150)
        font = QFont(self.steps.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.steps.setFont(font)
        self.steps.setStyleSheet("QListWidget#steps { border: none; background: transparent; outline: 0; }"
                                 "QListWidget#steps::item { padding: 9px 10px; border-radius: 4px; color: palette(text); }"
                                 "QListWidget#steps::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
                                 "QListWidget#steps::item:hover:!selected { background: palette(midlight); }")
        self.stack = QStackedWidget()
        self.pages: list[StepPage] = []
        for body in (self.gallery, self.case_step, self.recipients_panel, self.signers_panel, self.export_step):
            page = StepPage(body)
            index = len(self.pages)
            page.back_button.clicked.connect(lambda _c=False, i=index: self.go_to_step(i - 1))
            page.next_button.clicked.connect(lambda _c=False, i=index: self.go_to_step(i + 1))
            page.back_button.setVisible(index > 0)
            page.next_button.setVisible(index < 4)
            self.pages.append(page)
            self.stack.addWidget(page)
            self.steps.addItem("")
        self.steps.currentRowChanged.connect(self.stack.setCurrentIndex)

        left = QWidget()
        left_layout = QHBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.steps)
        left_layout.addWidget(self.stack, 1)
        self.preview = PreviewPane(tr)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 6, 6, 6)
        right_layout.addWidget(self.preview)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setCollapsible(1, True)  # the preview folds away on a small screen (View > Preview)
        self.splitter.splitterMoved.connect(lambda _p, _i: self._sync_preview_action())
        self._preview_panel = right
        # A first start opens on the welcome page; choosing a way in shows the steps.
        self.welcome = WelcomePage(tr)
        self.welcome.set_recent(self.settings.recent_files(), tr)
        self.welcome.example_requested.connect(self.open_demo)
        self.welcome.new_requested.connect(lambda: self.go_to_step(0))
        self.welcome.open_requested.connect(lambda: self.open_draft())
        self.welcome.recent_requested.connect(self.open_draft)
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.splitter)
        self.setCentralWidget(self.central)

        self.problems_button = QPushButton()
        self.problems_button.setFlat(True)
        self.problems_button.clicked.connect(self.show_problems)
        self.statusBar().addPermanentWidget(self.problems_button)
        # Stays in sight while autosave fails (full disk), unlike a timed status message.
        self.autosave_warning = QLabel()
        self.autosave_warning.setStyleSheet(error_style(bold=True))
        self.autosave_warning.setVisible(False)
        self._autosave_reason = ""
        self._autosave_dialog_shown = False
        self.statusBar().addWidget(self.autosave_warning, 1)

        self.gallery.template_chosen.connect(self._template_chosen)
        self.gallery.settings.changed.connect(self._template_setting_edited)
        self.case_editor.structure_edited.connect(self._structure_edited)
        self.signers_panel.structure_edited.connect(self._structure_edited)
        self.case_editor.changed.connect(self._case_edited)
        self.resolution_editor.changed.connect(self._draft_edited)
        self.resolution_editor.style_changed.connect(lambda _s: self.gallery.show_settings(self.draft.options))
        self.resolution_editor.signers_changed.connect(lambda: self.signers_panel.set_signers(self.draft.signers))
        self.resolution_editor.sponsors_requested.connect(lambda: self.go_to_step(3))
        self.recipients_panel.selection_changed.connect(self._recipients_chosen)
        # An address edited in the directory reaches the letters at once.
        self.recipients_panel.model.modelReset.connect(self._recipients_chosen)
        self.signers_panel.changed.connect(self._signers_edited)
        self.export_step.changed.connect(self._letter_details_edited)
        self.export_step.export_requested.connect(self.open_export_dialog)
        self.export_step.print_requested.connect(self.print_letters)
        self.preview.language_chosen.connect(self._language_chosen)
        # Choosing a letter on the right is choosing its language for typing; opening a draft is not.
        self.preview.recipient_combo.activated.connect(lambda _i: self._type_in_letter_language())
        self.steps.setCurrentRow(0)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.edit_menu = bar.addMenu("")
        self.view_menu = bar.addMenu("")
        self.resolution_menu = bar.addMenu("")
        self.campaign_menu = bar.addMenu("")
        self.help_menu = bar.addMenu("")
        S = QKeySequence.StandardKey
        self.new_action = self._action(self.file_menu, self.new_draft, S.New)
        self.open_action = self._action(self.file_menu, self.open_draft, S.Open)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.demo_action = self._action(self.file_menu, self.open_demo)
        self.file_menu.addSeparator()
        self.save_action = self._action(self.file_menu, self.save_draft, S.Save)
        self.save_as_action = self._action(self.file_menu, self.save_draft_as, S.SaveAs)
        self.install_passphrase_action()
        self.file_menu.addSeparator()
        self.export_action = self._action(self.file_menu, self.open_export_dialog)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.print_action = self._action(self.file_menu, self.print_letters, S.Print)
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, self.close, S.Quit)
        if self.quit_action.shortcut().isEmpty():  # some platforms define no Quit key; Ctrl+Q is the habit
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.edit_actions = {}
        for name, key in (("undo", S.Undo), ("redo", S.Redo), (None, None), ("cut", S.Cut), ("copy", S.Copy),
                          ("paste", S.Paste), ("selectAll", S.SelectAll)):
            if name is None:
                self.edit_menu.addSeparator()
                continue
            self.edit_actions[name] = self._action(self.edit_menu, lambda _c=False, n=name: self._edit_focused(n), key)
            if name in ("undo", "redo"):
                self.edit_actions[name].setShortcuts(key)  # every key the platform knows (Ctrl+Y and Ctrl+Shift+Z)

        self.edit_menu.aboutToShow.connect(self._update_undo_actions)
        self.undo_stack.indexChanged.connect(self._focus_changed)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions = {}
        for code in LANGUAGES:
            action = self.language_menu.addAction(native_name(code))
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, c=code: self.set_interface_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.preview_action = self.view_menu.addAction("")
        self.preview_action.setCheckable(True)
        self.preview_action.setChecked(True)
        self.preview_action.setShortcut(QKeySequence("F9"))
        self.preview_action.toggled.connect(self.show_preview)
        self.step_actions = []
        self.view_menu.addSeparator()
        for index in range(5):
            action = self._action(self.view_menu, lambda _c=False, i=index: self.go_to_step(i))
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            self.step_actions.append(action)
        for item in self.resolution_editor.menu_actions():
            if item is None:
                self.resolution_menu.addSeparator()
            elif isinstance(item, QAction):
                self.resolution_menu.addAction(item)
            else:
                self.resolution_menu.addMenu(item)
        self.resolution_menu.addSeparator()
        self.resolution_export_action = self._action(self.resolution_menu,
                                                     lambda: self.resolution_editor.open_export_dialog())
        # The campaign around the documents: what was sent and answered, paper signatures, dates ahead.
        self.correspondence_action = self._action(self.campaign_menu, self.open_correspondence)
        self.signatures_action = self._action(self.campaign_menu, self.open_signatures_dialog)
        self.campaign_menu.addSeparator()
        self.calendar_action = self._action(self.campaign_menu, self.export_calendar)
        self.guide_action = self._action(self.help_menu, self.show_guide)
        # F1 everywhere, and the system's own help key too where it differs (Ctrl+? on macOS).
        keys = [QKeySequence("F1")] + [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
                                       if k != QKeySequence("F1")]
        self.guide_action.setShortcuts(keys)
        self.report_action = self._action(self.help_menu, self.show_report_dialog)
        self.help_menu.addSeparator()
        self.about_action = self._action(self.help_menu, self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def open_correspondence(self) -> None:
        """The letters in the correspondence log: sent, answered, returned, overdue."""
        from desktop.gui.correspondence.view import CorrespondenceView

        view = CorrespondenceView(self.tr, self.library, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()

    def _action(self, menu, slot, shortcut=None) -> QAction:
        action = menu.addAction("")
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    # -- language -----------------------------------------------------------------
    def _name_steps(self) -> None:
        """The steps' titles; the second is "Resolution" when the draft writes one."""
        _ = self.tr.gettext
        titles = [_("Template"), _("Case"), _("Recipients"), _("Signers"), _("Export")]
        hints = [_("Choose what to write"), _("The facts of the case"), _("Who receives the letters"),
                 _("Who signs them"), _("Save or print the letters")]
        if self._writes_resolution():
            titles[1], hints[1] = _("Resolution"), _("Its parts in two languages")
        for i, (title, hint) in enumerate(zip(titles, hints)):
            item = self.steps.item(i)
            item.setText(f"{i + 1}  {title}")
        # As wide as the longest title in this language ("4  Подписанты"), no wider.
        widest = max(self.steps.fontMetrics().horizontalAdvance(self.steps.item(i).text())
                     for i in range(self.steps.count()))
        self.steps.setFixedWidth(max(120, widest + 36))
        for i, (title, hint) in enumerate(zip(titles, hints)):
            self.steps.item(i).setToolTip(hint)
            self.pages[i].heading.setText(f"{i + 1}. {title} — {hint}")
            self.pages[i].back_button.setText(_("Back"))
            if i + 1 < len(titles):
                self.pages[i].next_button.setText(_("Next: %(step)s") % {"step": titles[i + 1]})
            self.step_actions[i].setText(_("Step &%(number)d: %(step)s") % {"number": i + 1, "step": title})

    def retranslate(self, tr: Translator) -> None:
        self.tr = tr
        _ = tr.gettext
        self._name_steps()
        self.steps.setAccessibleName(_("Steps"))
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.resolution_menu.setTitle(_("&Resolution"))
        self.campaign_menu.setTitle(_("&Campaign"))
        self.resolution_export_action.setText(_("&Export the Resolution…"))
        self.case_step.setTabText(0, _("Resolution"))
        self.case_step.setTabText(1, _("Facts of the case"))
        self.case_step.tabBar().setAccessibleName(_("Resolution and case"))
        self.help_menu.setTitle(_("&Help"))
        self.new_action.setText(_("&New"))
        self.open_action.setText(_("&Open…"))
        self.recent_menu.setTitle(_("Open &Recent"))
        self.demo_action.setText(_("Open the &Example (Bolotnaya Square Case)"))
        self.save_action.setText(_("&Save"))
        self.save_as_action.setText(_("Save &As…"))
        self.export_action.setText(_("&Export…"))
        self.signatures_action.setText(_("Count Returned &Sheets…"))
        self.print_action.setText(_("&Print…"))
        self.calendar_action.setText(_("Export the Calendar of &Deadlines…"))
        self.calendar_action.setStatusTip(_("The case's hearings and deadlines ahead as a calendar file (.ics) "
                                            "to import in your calendar program"))
        self.correspondence_action.setText(_("&Correspondence…"))
        self.correspondence_action.setStatusTip(_("The letters exported: sent, answered, overdue"))
        self.quit_action.setText(_("&Quit"))
        for name, text in (("undo", _("&Undo")), ("redo", _("&Redo")), ("cut", _("Cu&t")), ("copy", _("&Copy")),
                           ("paste", _("&Paste")), ("selectAll", _("Select &All"))):
            self.edit_actions[name].setText(text)
        self._update_undo_actions()
        self.language_menu.setTitle(_("Interface &Language"))
        self.preview_action.setText(_("&Preview of the Letter"))
        self.preview_action.setStatusTip(_("Show or hide the letter on the right"))
        self.language_actions[tr.language].setChecked(True)
        self.about_action.setText(_("&About Petition Desk"))
        self.guide_action.setText(_("&User Guide"))
        self.report_action.setText(_("&Report a Problem…"))
        for window in (getattr(self, "_guide_window", None), getattr(self, "_report_dialog", None)):
            if window is not None:
                window.retranslate(tr)
        if hasattr(self.case_editor, "language"):
            self._show_editing_language(self.case_editor.language)
        for widget in (self.welcome, self.gallery, self.case_editor, self.resolution_editor, self.recipients_panel,
                       self.signers_panel, self.export_step, self.preview):
            widget.retranslate(tr)
        self._update_title()
        self._update_problems_button()
        self._show_autosave_warning()
        unique_accelerators(self.menuBar())

    def set_interface_language(self, language: str) -> None:
        """Switch every visible label now, and remember the choice."""

        self.settings.set_interface_language(language)
        install_qt_translations(language)
        self.retranslate(translator(language))
        self._sync_editing_language()  # unless a letter was picked, texts are typed in the interface language
        self.interface_language_changed.emit(language)
        unique_accelerators(self.menuBar())  # entries named by the signal's receivers too

    # -- showing the draft --------------------------------------------------------
    @property
    def draft(self) -> Draft:
        return self.session.draft

    def _show_draft(self) -> None:
        draft = self.draft
        self._loading = True
        try:
            if not self.session.encrypted:  # the directory is not encrypted: a protected draft's recipients stay in it
                self._add_to_library(draft)
            self.gallery.set_current(draft.template)
            self.gallery.show_settings(draft.options)
            self.case_editor.set_case(draft.case)
            if hasattr(self.recipients_panel, "sender_country"):
                self.recipients_panel.sender_country = draft.letter.sender_country
            if draft.recipients:
                self.recipients_panel.reload()  # the panel reads the directory lazily; ticks need its rows
            self.recipients_panel.set_selected([r.id for r in draft.recipients])
            self.signers_panel.set_signers(draft.signers)
            self.resolution_editor.set_draft(draft)
            self._show_case_step()
            self.export_step.set_draft(draft)
            self.preview.set_draft(draft)
            self._typing_language = None  # a draft opens in the interface language
            self._sync_editing_language()
        finally:
            self._loading = False
        self.undo_stack.clear()  # another draft: the edits of the one before cannot be undone in it
        self._remember_parts()
        self._update_title()
        self.schedule_checks()
        # A draft opened (the example, a file, a recovered copy) goes straight to work.
        self.show_welcome(self._untouched() and not self._started)
        self._started = True

    def _add_to_library(self, draft: Draft) -> None:
        """Recipients a draft carries join the directory, so the panel can show them ticked."""
        new = [r for r in draft.recipients if not r.id or self.library.get_recipient(r.id) is None]
        if new:
            try:
                ids = self.library.add_recipients(new)
            except PetitionDeskError as exc:
                self.statusBar().showMessage(exc.message(self.tr), 8000)
                return
            for recipient, rid in zip(new, ids):
                recipient.id = rid

    def _sync_editing_language(self) -> None:
        """Texts are typed in the letters' language; with a language per recipient, in the interface
        language until the user picks a letter on the right (then in that letter's)."""
        from desktop.core.languages import DOCUMENT_LANGUAGES

        draft = self.draft
        if draft.language != RECIPIENT_LANGUAGE:
            language = draft.language
        elif getattr(self, "_typing_language", None):
            language = self._typing_language
        else:
            language = self.tr.language if self.tr.language in DOCUMENT_LANGUAGES else draft.fallback_language
        if getattr(self.case_editor, "language", None) != language:
            loading, self._loading = self._loading, True
            self.case_editor.set_language(language)
            self._loading = loading
        self._show_editing_language(language)

    def _type_in_letter_language(self) -> None:
        recipient = self.preview.current_recipient()
        self._typing_language = self.draft.language_for(recipient) if recipient is not None else None
        self._sync_editing_language()

    def _show_editing_language(self, language: str) -> None:
        from desktop.core.localize import language_name

        name = language_name(language, self.tr.language) or language
        note = self.pages[1].note
        # A colon, not a sentence around the name: the name cannot be declined in every language.
        recipient = self.preview.current_recipient()
        shown = self.draft.language_for(recipient) if recipient is not None else language
        if shown == language:
            text = self.tr.gettext("Language of the texts you type: %(language)s (the letter shown on the right)")
        else:
            text = self.tr.gettext("Language of the texts you type: %(language)s (pick a letter on the right "
                                   "to type in its language)")
        note.setText(text % {"language": name[:1].upper() + name[1:]})
        note.setVisible(self.case_step.currentWidget() is self.case_editor)

    def _update_title(self) -> None:
        name = self.session.path.name if self.session.path else (self.draft.title or self.tr.gettext("Untitled draft"))
        self.setWindowTitle(f"{name}[*] — Petition Desk")
        self.setWindowModified(self.session.modified)

    # -- edits ---------------------------------------------------------------------
    def _draft_edited(self) -> None:
        if self._loading:
            return
        self.session.touch()
        self.preview.schedule()
        self.export_step.update_summary()
        self.schedule_checks()

    # -- undo ------------------------------------------------------------------------
    def _remember_parts(self) -> None:
        import copy

        draft = self.draft
        self._last = {"case": copy.deepcopy(draft.case), "signers": copy.deepcopy(draft.signers),
                      "recipients": copy.deepcopy(draft.recipients), "template": draft.template,
                      "language": draft.language, "options": copy.deepcopy(draft.options),
                      "letter": copy.deepcopy(draft.letter)}

    def _structure_edited(self, name: str) -> None:
        if not self._loading:
            self._pending_edit = name

    def _push(self, name: str, part: str, after, where_before=None, where_after=None, field: str = "") -> None:
        """Keep the edit of ``part`` just made as an undo step (its "before" is the part as last seen)."""
        import copy

        before = self._last.get(part)
        self._last[part] = copy.deepcopy(after)
        if before == after:  # an empty demand added: nothing the letters would show changed
            return
        self.undo_stack.push(DraftPartCommand(self.tr.gettext(name), part, before, after, self._restore_part,
                                              where_before, where_after, field))

    def _restore_part(self, part: str, value, where) -> None:
        """Undo or redo: put ``value`` back as the draft's ``part`` and show it."""
        import copy

        self._loading = True
        try:
            if part == "case":
                self.draft.case = value
                self.case_editor.restore_case(copy.deepcopy(value), where)
            elif part == "signers":
                self.draft.signers = value
                self.signers_panel.restore(copy.deepcopy(value), where)
                self.resolution_editor.update_sponsors()
            elif part == "recipients":
                self.draft.recipients = value
                self.recipients_panel.set_selected([r.id for r in value])
                self.preview.recipients_changed()
            elif part == "template":
                self.draft.template = value
                self.gallery.set_current(value)
                self.gallery.show_settings(self.draft.options)
                self._show_case_step()
            elif part == "language":
                self.draft.language = value
                self.preview.language_combo.setCurrentIndex(self.preview.language_combo.findData(value))
                self._sync_editing_language()
            elif part == "options":
                self.draft.options = value
                self.gallery.show_settings(value)
                self.resolution_editor.refresh()
            elif part == "letter":
                self.draft.letter = value
                self.export_step.set_draft(self.draft)
        finally:
            self._loading = False
        self._last[part] = copy.deepcopy(value)
        self._draft_edited()

    def undo_target(self):
        """What Edit > Undo acts on now: a text field with its own history, the workbench's stack, or the draft's."""
        from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

        widget = QApplication.focusWidget()
        if widget is not None and self.resolution_editor.isAncestorOf(widget):
            return self.resolution_editor.undo_stack
        if isinstance(widget, QLineEdit) and not widget.isReadOnly() and (widget.isUndoAvailable()
                                                                           or widget.isRedoAvailable()):
            return widget
        if isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly() and (
                widget.document().isUndoAvailable() or widget.document().isRedoAvailable()):
            return widget
        return self.undo_stack

    def _focus_changed(self, *_args) -> None:
        import shiboken6

        # Also called while the window is being taken apart, with its stacks already gone.
        if shiboken6.isValid(self) and shiboken6.isValid(self.undo_stack) and shiboken6.isValid(
                self.resolution_editor.undo_stack):
            self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        """Name the step Undo and Redo would take ("Undo Remove person"), and enable them when there is one."""
        _ = self.tr.gettext
        from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

        target = self.undo_target()
        # Typing in a field starts a history the menu is not told about: while one has the focus, both stay on.
        typing = isinstance(QApplication.focusWidget(), (QLineEdit, QPlainTextEdit, QTextEdit))
        for name, plain, named in (("undo", _("&Undo"), _("&Undo %(action)s")),
                                   ("redo", _("&Redo"), _("&Redo %(action)s"))):
            action = self.edit_actions[name]
            if isinstance(target, QUndoStack):
                able = target.canUndo() if name == "undo" else target.canRedo()
                what = target.undoText() if name == "undo" else target.redoText()
                action.setText(named % {"action": what} if able and what else plain)
                action.setEnabled(able or typing)
            else:
                action.setText(plain)
                action.setEnabled(True)  # the text field knows its own history
        unique_accelerators(self.edit_menu)

    def _template_chosen(self, template_id: str) -> None:
        if not self._loading:
            if template_id != self._last.get("template"):
                self._push(TEMPLATE_CHANGED, "template", template_id)
            self.draft.template = template_id
            # Settings the new template does not declare stay in the draft, unseen.
            self.gallery.show_settings(self.draft.options)
            self._show_case_step()
            self._draft_edited()

    def _template_setting_edited(self, name: str, value: object) -> None:
        if self._loading:
            return
        if value is None:
            self.draft.options.pop(name, None)  # back to the template's default
        else:
            self.draft.options[name] = value
        self._push(SETTING_CHANGED, "options", self.draft.options, field=name)
        if name == "style":
            self.resolution_editor.refresh()
        self._draft_edited()

    def _letter_details_edited(self, field: str = "") -> None:
        if not self._loading:
            self._push(LETTER_DETAILS_CHANGED, "letter", self.draft.letter, field=field)
            self._draft_edited()

    def _case_edited(self) -> None:
        if not self._loading:
            self.draft.case = self.case_editor.case()
            name, self._pending_edit = self._pending_edit, None
            if name:
                self._push(name, "case", self.draft.case, *self.case_editor.undo_rows)
            else:  # typing: the field's own undo takes it back
                import copy

                self._last["case"] = copy.deepcopy(self.draft.case)
            self._draft_edited()

    def _recipients_chosen(self) -> None:
        if self._loading:
            return
        chosen = list(self.recipients_panel.selected_recipients())
        if chosen == self.draft.recipients:
            return  # the directory was only read again: nothing changed for the letters
        if [r.id for r in chosen] != [r.id for r in self.draft.recipients]:
            self._push(RECIPIENTS_CHANGED, "recipients", chosen)
        else:  # only an address edited in the directory
            import copy

            self._last["recipients"] = copy.deepcopy(chosen)
        self.draft.recipients = chosen
        self.preview.recipients_changed()
        self._draft_edited()

    def _signers_edited(self) -> None:
        if not self._loading:
            self.draft.signers = list(self.signers_panel.signers())
            name, self._pending_edit = self._pending_edit, None
            if name:
                self._push(name, "signers", self.draft.signers, self.signers_panel.acted_row,
                           self.signers_panel.list.currentRow())
            else:
                import copy

                self._last["signers"] = copy.deepcopy(self.draft.signers)
            self.resolution_editor.update_sponsors()
            self._draft_edited()

    def _language_chosen(self, language: str) -> None:
        if self._loading:
            return
        if language != self._last.get("language"):
            self._push(LANGUAGE_CHANGED, "language", language)
        self.draft.language = language
        self._sync_editing_language()
        self._draft_edited()

    def set_document_language(self, language: str) -> None:
        """Write every letter in ``language``, or in each recipient's ("recipient")."""
        self.preview.language_combo.setCurrentIndex(self.preview.language_combo.findData(language))
        self._language_chosen(language)

    def show_welcome(self, shown: bool) -> None:
        """The welcome page instead of the steps (``shown``), or the steps."""
        if shown:
            self.welcome.set_recent(self.settings.recent_files(), self.tr)
        self.central.setCurrentWidget(self.welcome if shown else self.splitter)
        self.problems_button.setVisible(not shown)  # nothing can be wrong before anything was done

    @property
    def welcome_shown(self) -> bool:
        return self.central.currentWidget() is self.welcome

    def go_to_step(self, index: int) -> None:
        self.show_welcome(False)
        if 0 <= index < self.stack.count():
            self.steps.setCurrentRow(index)

    def _writes_resolution(self) -> bool:
        return is_resolution_template(self.draft.template)

    def _show_case_step(self) -> None:
        """Step 2 is the resolution workbench (with the case on a second tab) for a resolution, else the case."""
        resolution = self._writes_resolution()
        self.case_step.setTabVisible(0, resolution)
        self.case_step.tabBar().setVisible(resolution)
        self.case_step.setCurrentIndex(0 if resolution else 1)
        self.resolution_menu.menuAction().setVisible(resolution)
        self.resolution_editor.refresh()
        self._name_steps()

    def _edit_focused(self, name: str) -> None:
        widget = QApplication.focusWidget()
        if name in ("undo", "redo"):
            getattr(self.undo_target(), name)()
            self._update_undo_actions()
            return
        method = getattr(widget, name, None)
        if callable(method):
            method()

    # -- checks --------------------------------------------------------------------
    def schedule_checks(self) -> None:
        self._check_generation += 1
        self._check_timer.start()

    def _run_checks(self) -> None:
        import copy

        from desktop.core.checks import check_draft

        generation = self._check_generation
        draft = copy.deepcopy(self.draft)
        run_in_background(lambda: check_draft(draft), lambda result: self._checked(generation, result),
                          lambda exc: self._checked(generation, None), context=self.case_editor)

    def checks_pending(self) -> bool:
        return self._check_timer.isActive() or self._checks_answered != self._check_generation

    def _checked(self, generation: int, result) -> None:
        if generation != self._check_generation:
            return
        self._checks_answered = generation
        if result is None:
            return  # the preview already says what is wrong
        self._problems, self._notes = list(result.problems), list(result.notes)
        with contextlib.suppress(AttributeError):
            self.case_editor.show_problems([p for p in self._problems if p.where.startswith("case")])
        self._update_problems_button()

    def _untouched(self) -> bool:
        """A new draft nobody has edited yet: its missing parts are the work ahead, not mistakes."""
        return self.session.path is None and not self.session.modified and self.undo_stack.count() == 0 and (
            not self.draft.case.name and not self.draft.recipients and not self.draft.signers)

    def _start_hint(self) -> str:
        return self.tr.gettext("Start by choosing what to write, or open the example from the File menu.")

    def _update_problems_button(self) -> None:
        tr = self.tr
        n, notes = len(self._problems), len(self._notes)
        if n and self._untouched():  # a blank first start: a calm hint, no red count
            self.problems_button.setText(self._start_hint())
            self.problems_button.setStyleSheet("")
            self.problems_button.setToolTip(tr.gettext("Show what must be fixed before exporting"))
            self.problems_button.setAccessibleName(tr.gettext("Problems in the draft"))
            return
        if n:
            text = tr.ngettext("%(count)d problem to fix", "%(count)d problems to fix", n) % {"count": n}
            self.problems_button.setStyleSheet(error_style(bold=True))
        else:
            text = tr.gettext("No problems found")
            self.problems_button.setStyleSheet("")
        if notes:
            text += " · " + tr.ngettext("%(count)d note", "%(count)d notes", notes) % {"count": notes}
        self.problems_button.setText(text)
        self.problems_button.setToolTip(tr.gettext("Show what must be fixed before exporting"))
        self.problems_button.setAccessibleName(tr.gettext("Problems in the draft"))

    def show_problems(self) -> None:
        from desktop.gui.problems import render_problem

        tr = self.tr
        lines = [render_problem(p, tr) for p in self._problems]
        notes = [tr.gettext("note: %(text)s") % {"text": render_problem(n, tr)} for n in self._notes]
        box = QMessageBox(self)
        box.setWindowTitle(tr.gettext("Problems in the draft"))
        box.setIcon(QMessageBox.Icon.Warning if lines else QMessageBox.Icon.Information)
        if self._untouched() and lines:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(self._start_hint())
        else:
            box.setText(tr.gettext("Fix these before exporting:") if lines else tr.gettext("No problems found."))
        box.setInformativeText("\n".join(["• " + line for line in lines + notes]))
        # Long messages read better on wider lines; only the texts are widened (a rule for every QLabel
        # widened the icon's label too, leaving a wide gap between the icon and the text).
        box.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 30em; }")
        box.open()
        self._problems_box = box

    # -- export and print ------------------------------------------------------------
    def open_export_dialog(self):
        from desktop.gui.export.dialog import ExportDialog

        dialog = ExportDialog(self.tr, self.draft, self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._export_settings_chosen(dialog.export_settings()))
        dialog.open()
        self.export_dialog = dialog
        return dialog

    def open_signatures_dialog(self):
        """The returned petition sheets of the open draft's case: entered by code, totalled per town."""
        from desktop.core.signatures import campaign_of
        from desktop.gui.signatures.dialog import SignaturesDialog

        dialog = SignaturesDialog(self.tr, self.library, campaign_of(self.draft.case), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.signatures_dialog = dialog
        return dialog
    def export_calendar(self, path: str | None = None) -> Path | None:
        """Write the case's dates ahead as an .ics file, in the interface language; returns the file written."""
        from PySide6.QtWidgets import QFileDialog

        from desktop.core.deadlines import write_calendar

        _ = self.tr.gettext
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export the Calendar of Deadlines"),
                str(Path(self.settings.last_folder("export") or Path.home()) / "deadlines.ics"),
                _("Calendar files (*.ics)"))
            if not path:
                return None
            if not path.lower().endswith(".ics"):
                path += ".ics"
        try:
            events = write_calendar(Path(path), self.draft.case, language=self.tr.language)
        except PetitionDeskError as exc:
            QMessageBox.warning(self, _("Calendar of Deadlines"), exc.message(self.tr))
            return None
        self.statusBar().showMessage(self.tr.ngettext(
            "Wrote %(count)d date to %(path)s; import it in your calendar program.",
            "Wrote %(count)d dates to %(path)s; import it in your calendar program.", len(events))
            % {"count": len(events), "path": path})
        return Path(path)

    def _export_settings_chosen(self, settings) -> None:
        if settings != self.draft.export:
            self.draft.export = settings
            self.session.touch()

    def print_letters(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from desktop.gui.export.printing import combined_pdf, print_pdf

        if not self.draft.recipients:
            QMessageBox.information(self, self.tr.gettext("Print"),
                                    self.tr.gettext("Choose recipients in step 3 before printing."))
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the PDF has its own margins
        dialog = QPrintDialog(printer, self)
        # Copies, two-sided and a page range reach the printer with the vector PDF (see export/printing.py).
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, 9999)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.statusBar().showMessage(self.tr.gettext("Preparing the pages…"))
        draft = self.draft

        def failed(exc: Exception) -> None:
            text = exc.message(self.tr) if isinstance(exc, PetitionDeskError) else str(exc)
            QMessageBox.warning(self, self.tr.gettext("Print"), text)

        def ready(pdf: bytes) -> None:
            try:
                pages = print_pdf(pdf, printer)
            except PetitionDeskError as exc:
                failed(exc)
                return
            self.statusBar().showMessage(self.tr.ngettext("Sent %(count)d page to the printer.",
                                                          "Sent %(count)d pages to the printer.", pages)
                                         % {"count": pages}, 5000)

        run_in_background(lambda: combined_pdf(draft), ready, failed, context=self)

    # -- about -------------------------------------------------------------------------
    def show_guide(self) -> None:
        """Help ▸ User Guide (F1): the guide in the interface language, beside the window."""
        from desktop.gui.help import GuideWindow

        if getattr(self, "_guide_window", None) is None:
            self._guide_window = GuideWindow(self.tr, self)
        self._guide_window.show()
        self._guide_window.raise_()
        self._guide_window.activateWindow()

    def show_report_dialog(self) -> None:
        from desktop.gui.help import ReportDialog

        if getattr(self, "_report_dialog", None) is None:
            self._report_dialog = ReportDialog(self.tr, __version__, self)
        self._report_dialog.show()
        self._report_dialog.raise_()

    def show_about(self) -> None:
        from desktop.gui.about import show_about

        self._about_box = show_about(self, self.tr, __version__)

    # -- autosave ------------------------------------------------------------------------
    def _autosave_failed(self, reason: str) -> None:
        """Autosave could not write: say so in the status bar until it works, and once in a dialog."""
        self._autosave_reason = reason
        self._show_autosave_warning()
        if self._autosave_dialog_shown:
            return
        self._autosave_dialog_shown = True
        _ = self.tr.gettext
        box = QMessageBox(QMessageBox.Icon.Warning, _("Autosave failed"),
                          _("Petition Desk could not autosave your changes (%(reason)s). If the disk is full, "
                            "free some space. Save the draft now (File, Save) to keep your work; autosave "
                            "keeps trying.") % {"reason": reason},
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)  # typing goes on; the status bar keeps the warning in sight
        self.autosave_dialog = box
        box.show()

    def _autosave_works(self) -> None:
        self._autosave_reason = ""
        self._show_autosave_warning()

    def _show_autosave_warning(self) -> None:
        failing = bool(self._autosave_reason)
        if failing:
            self.autosave_warning.setText(
                self.tr.gettext("Autosave failed (%(reason)s): save your work.") % {"reason": self._autosave_reason})
        self.autosave_warning.setVisible(failing)

    # -- window state ------------------------------------------------------------------
    def show_preview(self, shown: bool) -> None:
        """Show the live letter on the right, or fold it away to give the editors the whole width."""
        sizes = self.splitter.sizes()
        total = sum(sizes) or self.width()
        if shown and sizes[1] == 0:
            self.splitter.setSizes([total - preview_width(total), preview_width(total)])
        elif not shown and sizes[1] > 0:
            self.splitter.setSizes([total, 0])
        self._sync_preview_action()

    def _sync_preview_action(self) -> None:
        shown = self.splitter.sizes()[1] > 0
        if self.preview_action.isChecked() != shown:
            self.preview_action.blockSignals(True)
            self.preview_action.setChecked(shown)
            self.preview_action.blockSignals(False)

    def _restore_window(self) -> None:
        self.setMinimumSize(MINIMUM_SIZE[0], MINIMUM_SIZE[1])
        geometry = self.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 820)
        fit_to_screen(self)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.splitter_state()
        if splitter is None or not self.splitter.restoreState(splitter):
            width = self.width()
            # Below 1000 px (a netbook, or 200 % scaling on a laptop) the editors need the whole width:
            # the preview starts folded, one key (F9) away.
            shown = preview_width(width) if width >= 1000 else 0
            self.splitter.setSizes([width - shown, shown])
        self._sync_preview_action()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._check_timer.stop()
        self.preview.stop()
        fit_to_screen(self)  # a window larger than its screen is not remembered so
        self.settings.save_window(self.saveGeometry(), self.saveState(), self.splitter.saveState())
        self.session.close_cleanly()
        self.library.close()
        event.accept()
