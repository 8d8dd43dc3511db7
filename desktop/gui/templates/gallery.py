"""Step 1: the template gallery — title, kind, short description, languages —
and below it the settings the chosen template declares."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.core.i18n import Translator
from desktop.core.localize import language_name
from desktop.core.templates import TemplateInfo
from desktop.gui.templates.settings_form import TemplateSettingsForm
from desktop.gui.widgets.colours import dim_colour


def kind_name(kind: str, tr: Translator) -> str:
    names = {
        "letter": tr.gettext("Letter"),
        "petition": tr.gettext("Petition"),
        "resolution": tr.gettext("Resolution"),
        "report": tr.gettext("Report"),
        "action": tr.gettext("Action day"),
        "post": tr.gettext("For the post"),
    }
    return names.get(kind, kind)


class TemplateGallery(QWidget):
    template_chosen = Signal(str)

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._templates: list[TemplateInfo] = []
        self._current = ""
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setObjectName("gallery")
        self.list.setStyleSheet("QListWidget#gallery { outline: 0; }"
                                "QListWidget#gallery::item { border-left: 4px solid transparent; }"
                                "QListWidget#gallery::item:selected { background: palette(alternate-base); color: palette(text); "
                                "border-left: 4px solid palette(highlight); }"
                                "QListWidget#gallery::item:hover:!selected { background: palette(alternate-base); }")
        self.list.currentRowChanged.connect(self._row_changed)
        self.list.viewport().installEventFilter(self)
        self.problems = QLabel(wordWrap=True)
        self.problems.setVisible(False)
        self.settings = TemplateSettingsForm(tr)
        self._options: dict = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.settings)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self._tr = tr
        self.heading.setText(tr.gettext("Choose what you want to write. You can change it later; "
                                        "the facts you enter are kept."))
        self.list.setAccessibleName(tr.gettext("Templates"))
        self.reload()
        self.settings.retranslate(tr)

    def reload(self) -> None:
        from desktop.core.templates import scan_templates

        scan = scan_templates()
        self._templates = list(scan.templates)
        self.list.blockSignals(True)
        self.list.clear()
        for info in self._templates:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, info.title(self._tr.language))
            label = QLabel(self._item_html(info))
            label.setWordWrap(True)
            label.setContentsMargins(10, 8, 10, 8)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            width = self._item_width()
            item.setSizeHint(QSize(width, label.heightForWidth(width) + 4))
            self.list.addItem(item)
            self.list.setItemWidget(item, label)
        self.list.blockSignals(False)
        self.set_current(self._current)
        if scan.problems:
            count = len(scan.problems)
            self.problems.setText(self._tr.ngettext(
                "%(count)d template folder could not be read and is not shown.",
                "%(count)d template folders could not be read and are not shown.", count) % {"count": count})
        self.problems.setVisible(bool(scan.problems))

    def _item_html(self, info: TemplateInfo) -> str:
        tr = self._tr
        languages = ", ".join(language_name(code, tr.language) or code for code in info.languages)
        description = info.description(tr.language)
        parts = [f"<b style='font-size:11pt'>{escape(info.title(tr.language))}</b>",
                 f"<span style='color:{dim_colour(self.list.palette()).name()}'>{escape(kind_name(info.kind, tr))} · {escape(languages)}</span>"]
        if description:
            parts.append(escape(description))
        return "<br>".join(parts)

    def _item_width(self) -> int:
        return max(self.list.viewport().width() - 2 * self.list.spacing() - 6, 200)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_items()
        return super().eventFilter(watched, event)

    def _fit_items(self) -> None:
        """Items as wide as the list, as tall as their wrapped text."""
        width = self._item_width()
        for row in range(self.list.count()):
            item = self.list.item(row)
            label = self.list.itemWidget(item)
            if label is not None:
                item.setSizeHint(QSize(width, label.heightForWidth(width) + 4))

    def set_current(self, template_id: str) -> None:
        self._current = template_id
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == template_id:
                self.list.setCurrentRow(row)
                break
        else:
            self.list.setCurrentRow(-1)
        self.list.blockSignals(False)

    def current(self) -> str:
        return self._current

    def show_settings(self, options: dict) -> None:
        """Build the settings form of the current template around the draft's ``options``."""
        self._options = options
        info = next((t for t in self._templates if t.id == self._current), None)
        self.settings.set_template(info, options)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        template_id = self.list.item(row).data(Qt.ItemDataRole.UserRole)
        if template_id != self._current:
            self._current = template_id
            self.template_chosen.emit(template_id)
