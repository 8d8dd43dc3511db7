"""The live preview: the real PDF of the letter to the chosen recipient.

The PDF is made by the core on a pool thread, 300 ms after the last change,
so typing never waits for reportlab. Only one render runs at a time; changes
made meanwhile are rendered next, and a result older than the newest request
is dropped.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedLayout,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.draft import RECIPIENT_LANGUAGE, Draft
from desktop.core.errors import PetitionDeskError
from desktop.core.i18n import Translator
from desktop.core.localize import DOCUMENT_LANGUAGES, language_name
from desktop.core.recipients import Recipient
from desktop.gui.workers import run_in_background

DEBOUNCE_MS = 300
COVER_MS = 250  # how long a picture of the old pages covers the view while it draws the new ones
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)


def render_preview_pdf(draft: Draft, recipient_index: int | None = None, language: str | None = None) -> bytes:
    """The PDF the export writes for the draft's recipient number ``recipient_index``, byte for byte
    (but for a text allowed to fall back on another language, set in italics here to show it).

    Both walk the same plan (``desktop.core.plan``): a letter is the
    recipient's own, petition sheets and a resolution those of a language.
    """
    from desktop.core.batch import document_bytes
    from desktop.core.plan import document_for, render

    plan, doc = document_for(draft, recipient_index, language)
    return document_bytes(render(plan, doc, preview=True), "pdf")


def has_own_resolution(draft: Draft | None) -> bool:
    from desktop.core.plan import has_own_resolution as own

    return draft is not None and own(draft)


class PreviewPane(QWidget):
    """Recipient and language choosers above a paged, zoomable PDF view."""

    language_chosen = Signal(str)  # RECIPIENT_LANGUAGE or a language code
    rendered = Signal(int)  # page count of the newly shown PDF
    render_failed = Signal(str)

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._draft: Draft | None = None
        self._requested = 0  # generation of the newest request
        self._running = False
        self._buffer: QBuffer | None = None
        self._keep_page = 0
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_render)
        self._build()
        self.retranslate(tr)

    # -- layout -----------------------------------------------------------------
    def _build(self) -> None:
        self.recipient_label = QLabel()
        self.recipient_combo = QComboBox()
        self.recipient_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.recipient_combo.setMinimumContentsLength(12)
        self.recipient_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.recipient_combo.currentIndexChanged.connect(lambda _i: self.schedule(immediate=True))
        self.recipient_label.setBuddy(self.recipient_combo)
        self.language_label = QLabel()
        self.language_combo = QComboBox()
        self.language_combo.activated.connect(self._language_activated)
        self.language_label.setBuddy(self.language_combo)

        self.language_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.language_combo.setMinimumContentsLength(12)
        self.language_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        top = QGridLayout()
        top.addWidget(self.recipient_label, 0, 0)
        top.addWidget(self.recipient_combo, 0, 1)
        top.addWidget(self.language_label, 1, 0)
        top.addWidget(self.language_combo, 1, 1)
        top.setColumnStretch(1, 1)

        # Two documents: the new letter loads into the one not on show, which replaces the shown one only
        # when it is ready, so the preview never goes blank while it updates (it did on every tab switch).
        self.document = QPdfDocument(self)
        self._loading_document = QPdfDocument(self)
        for document in (self.document, self._loading_document):
            document.statusChanged.connect(lambda status, d=document: self._document_status(d, status))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self._cover = QLabel(self.view)
        self._cover.hide()
        self._uncover = QTimer(self, singleShot=True, interval=COVER_MS)
        self._uncover.timeout.connect(self._cover.hide)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self.view.zoomFactorChanged.connect(self._update_zoom_label)

        self.message = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.message.setContentsMargins(24, 24, 24, 24)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._stack = QStackedLayout()
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.message)

        style = self.style()
        self.previous_button = self._tool(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack), self.previous_page)
        self.next_button = self._tool(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward), self.next_page)
        self.page_label = QLabel()
        self.zoom_out_button = self._tool(None, self.zoom_out, "−")
        self.zoom_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 %"))
        self.zoom_in_button = self._tool(None, self.zoom_in, "+")
        self.fit_button = self._tool(None, self.fit_width)
        self.fit_button.setCheckable(True)
        self.status_label = QLabel()
        self.status_label.setEnabled(False)  # drawn greyed: a quiet hint, not a control

        bottom = QHBoxLayout()
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.page_label)
        bottom.addWidget(self.next_button)
        bottom.addSpacing(8)
        bottom.addWidget(self.status_label)
        bottom.addStretch(1)
        bottom.addWidget(self.zoom_out_button)
        bottom.addWidget(self.zoom_label)
        bottom.addWidget(self.zoom_in_button)
        bottom.addWidget(self.fit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self._stack, 1)
        layout.addLayout(bottom)
        self._update_page_label()
        self._update_zoom_label()

    def _tool(self, icon, slot, text: str = "") -> QToolButton:
        button = QToolButton(self)
        if icon is not None:
            button.setIcon(icon)
        if text:
            button.setText(text)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def retranslate(self, tr: Translator) -> None:
        self._tr = tr
        _ = tr.gettext
        self.recipient_label.setText(_("Letter to:"))
        self.recipient_combo.setAccessibleName(_("Recipient shown in the preview"))
        self.language_label.setText(_("Letter language:"))
        self.language_combo.setAccessibleName(_("Letter language"))
        self.language_combo.setToolTip(_("The language of the letters; separate from the language of the menus"))
        self.previous_button.setToolTip(_("Previous page"))
        self.previous_button.setAccessibleName(_("Previous page"))
        self.next_button.setToolTip(_("Next page"))
        self.next_button.setAccessibleName(_("Next page"))
        self.zoom_in_button.setToolTip(_("Zoom in"))
        self.zoom_in_button.setAccessibleName(_("Zoom in"))
        self.zoom_out_button.setToolTip(_("Zoom out"))
        self.zoom_out_button.setAccessibleName(_("Zoom out"))
        self.fit_button.setText(_("Fit width"))
        self.fit_button.setAccessibleName(_("Fit the page to the width"))
        self.view.setAccessibleName(_("Letter preview"))
        self._fill_languages()
        self._update_page_label()
        if self._draft is not None:
            self._fill_recipients()
            if self._stack.currentWidget() is self.message:
                self.schedule(immediate=True)

    def _fill_languages(self) -> None:
        current = self.language_combo.currentData()
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        self.language_combo.addItem(self._tr.gettext("Each recipient's language"), RECIPIENT_LANGUAGE)
        for code in DOCUMENT_LANGUAGES:
            name = language_name(code, self._tr.language) or code
            self.language_combo.addItem(name[:1].upper() + name[1:], code)
        index = self.language_combo.findData(current if current else RECIPIENT_LANGUAGE)
        self.language_combo.setCurrentIndex(max(index, 0))
        self.language_combo.blockSignals(False)

    # -- the draft --------------------------------------------------------------
    def set_draft(self, draft: Draft) -> None:
        """Show ``draft``; call :meth:`schedule` after later changes to it."""
        self._draft = draft
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(draft.language), 0))
        self._fill_recipients()
        self.schedule(immediate=True)

    def recipients_changed(self) -> None:
        self._fill_recipients()
        self.schedule()

    def _fill_recipients(self) -> None:
        assert self._draft is not None
        keep = self.recipient_combo.currentData()
        self.recipient_combo.blockSignals(True)
        self.recipient_combo.clear()
        for position, recipient in enumerate(self._draft.recipients):
            label = recipient.display_name
            if recipient.city:
                label = f"{label} — {recipient.city}"
            self.recipient_combo.addItem(label, recipient.id or f"#{position}")
        index = self.recipient_combo.findData(keep) if keep is not None else -1
        self.recipient_combo.setCurrentIndex(index if index >= 0 else (0 if self._draft.recipients else -1))
        self.recipient_combo.setEnabled(bool(self._draft.recipients))
        self.recipient_combo.blockSignals(False)

    def current_recipient(self) -> Recipient | None:
        if self._draft is None or not self._draft.recipients:
            return None
        index = self.recipient_combo.currentIndex()
        return self._draft.recipients[index] if 0 <= index < len(self._draft.recipients) else None

    def set_current_recipient(self, index: int) -> None:
        self.recipient_combo.setCurrentIndex(index)

    def _language_activated(self, _index: int) -> None:
        self.language_chosen.emit(self.language_combo.currentData())
        self.schedule(immediate=True)

    # -- rendering --------------------------------------------------------------
    def schedule(self, immediate: bool = False) -> None:
        """Render again shortly; each call restarts the wait."""
        self._requested += 1
        self._timer.start(0 if immediate else DEBOUNCE_MS)

    def is_busy(self) -> bool:
        return self._running or self._timer.isActive()

    def _start_render(self) -> None:
        if self._running:
            return  # the newest state is rendered when the running one reports
        recipient = self.current_recipient()
        own = has_own_resolution(self._draft)
        self.recipient_label.setVisible(not own)  # a resolution goes to the aide's own chamber
        self.recipient_combo.setVisible(not own)
        if own:
            # A resolution is written for the aide's own chamber: no recipient is needed to see it.
            assert self._draft is not None and self._draft.resolution is not None
            languages = self._draft.resolution.languages
            chosen = self.language_combo.currentData()
            language = chosen if chosen in languages else languages[0]
            self._run(lambda draft: render_preview_pdf(draft, None, language))
            return
        if self._draft is None or recipient is None:
            self._show_message(self._tr.gettext("Tick at least one recipient in step 3 to see the letter here.\n\n"
                                                "To look around first, open the example: "
                                                "File ▸ Open the Example."))
            return
        index = self.recipient_combo.currentIndex()
        self._run(lambda draft: render_preview_pdf(draft, index))

    def _run(self, render) -> None:
        generation = self._requested
        draft = copy.deepcopy(self._draft)  # the worker must not see half-made edits
        self._running = True
        self.status_label.setText(self._tr.gettext("Updating…"))
        run_in_background(
            lambda: render(draft),
            lambda pdf: self._finished(generation, pdf, None),
            lambda exc: self._finished(generation, None, exc),
            context=self,
        )

    def stop(self) -> None:
        """No more renders: the window is closing."""
        self._timer.stop()
        self._requested += 1  # a render still running is dropped when it reports

    def _finished(self, generation: int, pdf: bytes | None, error: Exception | None) -> None:
        self._running = False
        if generation < self._requested:
            if not self._timer.isActive():
                self._start_render()  # changes came in while this one ran
            return
        self.status_label.clear()
        if error is not None:
            text = error.message(self._tr) if isinstance(error, PetitionDeskError) else f"{type(error).__name__}: {error}"
            self._show_message(self._tr.gettext("The letter cannot be shown yet:") + "\n\n" + text)
            self.render_failed.emit(text)
            return
        self._show_pdf(pdf or b"")

    def _show_message(self, text: str) -> None:
        self.status_label.clear()
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)
        self._update_page_label()

    def _show_pdf(self, pdf: bytes) -> None:
        self._keep_page = self.view.pageNavigator().currentPage()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pending_buffer, old = buffer, getattr(self, "_pending_buffer", None)
        if old is not None and old is not self._buffer:
            old.deleteLater()  # a newer letter overtook it before it was shown
        self._loading_document.load(buffer)

    def _document_status(self, document: QPdfDocument, status: QPdfDocument.Status) -> None:
        if document is self._loading_document and status == QPdfDocument.Status.Ready:
            # The new letter is ready: it takes the place of the one on show, which loads the next.
            # The view draws the new pages in a thread, white meanwhile: a picture of the old ones
            # covers it for that moment (measured: about 100 ms).
            if self._stack.currentWidget() is self.view and self.document.pageCount():
                self._cover.setPixmap(self.view.viewport().grab())
                self._cover.setGeometry(self.view.viewport().geometry())
                self._cover.show()
                self._cover.raise_()
                self._uncover.start()
            self._loading_document, self.document = self.document, document
            old, self._buffer = self._buffer, self._pending_buffer
            self.view.setDocument(document)
            self._loading_document.close()
            if old is not None and old is not self._buffer:
                old.deleteLater()
            self._stack.setCurrentWidget(self.view)
            pages = self.document.pageCount()
            page = min(self._keep_page, max(pages - 1, 0))
            if page:
                self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
            self._update_page_label()
            self.rendered.emit(pages)

    # -- navigation and zoom ----------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount() if self._stack.currentWidget() is self.view else 0

    def previous_page(self) -> None:
        nav = self.view.pageNavigator()
        if nav.currentPage() > 0:
            nav.jump(nav.currentPage() - 1, QPointF(), self.view.zoomFactor())

    def next_page(self) -> None:
        nav = self.view.pageNavigator()
        if nav.currentPage() + 1 < self.document.pageCount():
            nav.jump(nav.currentPage() + 1, QPointF(), self.view.zoomFactor())

    def zoom_in(self) -> None:
        self._set_zoom(next((z for z in ZOOM_STEPS if z > self.view.zoomFactor() + 0.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self._set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.view.zoomFactor() - 0.01), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_label()

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._update_zoom_label()

    def _update_page_label(self, *_args) -> None:
        pages = self.page_count()
        current = self.view.pageNavigator().currentPage() + 1 if pages else 0
        self.page_label.setText(self._tr.gettext("Page %(page)d of %(pages)d") % {"page": current, "pages": pages}
                                if pages else "")
        self.previous_button.setEnabled(current > 1)
        self.next_button.setEnabled(0 < current < pages)

    def _update_zoom_label(self, *_args) -> None:
        fitted = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.fit_button.setChecked(fitted)
        self.zoom_label.setText(f"{round(self.view.zoomFactor() * 100)} %")
        self.zoom_label.setVisible(not fitted)
