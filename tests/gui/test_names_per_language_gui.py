"""Names per language in the window: the recipient dialog's and the signer editor's table of names."""

from __future__ import annotations

import io

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pypdf import PdfReader

from desktop.core.demo import load_demo_draft
from desktop.core.i18n import translator
from desktop.core.library import Library
from desktop.core.recipients import Recipient
from desktop.core.signers import Signer
from desktop.gui.recipients.dialog import RecipientDialog
from desktop.gui.signers.panel import SignersPanel


def _preview_in(dialog: RecipientDialog, language: str) -> str:
    dialog.preview_language.setCurrentIndex(dialog.preview_language.findData(language))
    return dialog.address_view.text()


def test_the_dialog_shows_and_edits_the_names_per_language(qtbot):
    embassy = load_demo_draft().recipients[0]
    dialog = RecipientDialog(translator("en"), embassy, "SE")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.names.toggle.isChecked() and dialog.names.table.isVisible()  # opened: the names are there
    assert dialog.fields["organisation"].text() == ""  # no name whose language is unstated …
    assert dialog.fields["organisation"].placeholderText() == "Embassy of the Russian Federation in Sweden"
    assert _preview_in(dialog, "fr").splitlines()[:2] == ["Ambassade de la Fédération de Russie en Suède",
                                                           "Ambassadeur"]
    assert _preview_in(dialog, "ru").startswith("Посольство Российской Федерации в Королевстве Швеция\nПослу")
    dialog.names.set_text("organisation", "de", "Botschaft Russlands in Schweden")
    assert _preview_in(dialog, "de").startswith("Botschaft Russlands in Schweden")
    edited = dialog.recipient()
    assert edited.organisation["de"] == "Botschaft Russlands in Schweden"
    assert edited.organisation["fr"] == "Ambassade de la Fédération de Russie en Suède"
    assert edited.title == embassy.title


def test_a_plain_name_gains_a_name_in_one_language(qtbot):
    dialog = RecipientDialog(translator("en"), Recipient(organisation="Ryska federationens ambassad",
                                                         city="Stockholm", country="SE", kind="embassy"), "SE")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.names.table.isVisible()  # folded away until asked for
    qtbot.mouseClick(dialog.names.toggle, Qt.MouseButton.LeftButton)
    assert dialog.names.table.isVisible()
    dialog.names.set_text("organisation", "fr", "Ambassade de la Fédération de Russie en Suède")
    assert dialog.recipient().organisation == {"": "Ryska federationens ambassad",
                                               "fr": "Ambassade de la Fédération de Russie en Suède"}
    assert _preview_in(dialog, "sv").startswith("Ryska federationens ambassad")
    dialog.names.set_text("organisation", "fr", "")
    assert dialog.recipient().organisation == "Ryska federationens ambassad"  # plain again, as older files have it


def test_a_name_only_in_another_language_is_enough_to_accept(qtbot):
    dialog = RecipientDialog(translator("en"))
    qtbot.addWidget(dialog)
    dialog.names.set_text("organisation", "ru", "Генеральная прокуратура Российской Федерации")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_table_and_its_cells_have_names_for_screen_readers(qtbot):
    dialog = RecipientDialog(translator("de"))
    qtbot.addWidget(dialog)
    table = dialog.names.table
    assert table.accessibleName() and dialog.names.toggle.accessibleName()
    cell = table.item(2, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Französisch" in cell  # the organisation in French, in the interface language
    assert [table.verticalHeaderItem(row).text() for row in range(5)][:2] == ["Englisch", "Schwedisch"]


def test_a_recipient_edited_in_the_window_is_kept_with_its_names_and_printed_in_french(
        window, qtbot, monkeypatch, demo_ids):
    from desktop.gui.export.printing import combined_pdf
    from desktop.gui.recipients import dialog as dialog_module

    window.open_demo()
    window.recipients_panel.set_selected(demo_ids[:1])

    def fill(self):
        self.fields["organisation"].setText("Vitrysslands ambassad")
        self.fields["address_lines"].setPlainText("Herserudsvägen 5")
        self.fields["city"].setText("Lidingö")
        self.fields["postal_code"].setText("181 34")
        self.fields["country"].set_code("SE")
        self.fields["language"].setCurrentIndex(self.fields["language"].findData("fr"))
        self.names.set_text("organisation", "fr", "Ambassade de la République de Biélorussie en Suède")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_module.RecipientDialog, "exec", fill)
    window.recipients_panel.add_recipient()
    added = next(r for r in window.draft.recipients if r.city == "Lidingö")
    assert added.organisation == {"": "Vitrysslands ambassad",
                                  "fr": "Ambassade de la République de Biélorussie en Suède"}
    stored = Library().get_recipient(added.id)
    assert stored.organisation == added.organisation
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(combined_pdf(window.draft))).pages)
    assert "Ambassade de la République de Biélorussie en Suède" in " ".join(text.split())
    assert "Vitrysslands ambassad" not in text


def test_the_signer_editor_keeps_roles_per_language(qtbot):
    panel = SignersPanel(translator("en"), library=Library())
    qtbot.addWidget(panel)
    panel.set_signers([Signer(name="Anna Lindqvist", role="Samordnare",
                              organisation={"sv": "Solidaritetsgruppen", "fr": "Groupe de solidarité"})])
    panel.resize(760, 520)
    panel.show()
    assert panel.names.table.isVisible()
    assert panel.fields["role"].text() == "Samordnare"
    assert panel.fields["organisation"].placeholderText() == "Solidaritetsgruppen"  # neither English nor unstated
    with qtbot.waitSignal(panel.changed):
        panel.names.set_text("role", "fr", "Coordinatrice")
    signer = panel.signers()[0]
    assert signer.role == {"": "Samordnare", "fr": "Coordinatrice"}
    assert signer.organisation == {"sv": "Solidaritetsgruppen", "fr": "Groupe de solidarité"}
    assert signer.in_language("fr").role == "Coordinatrice" and signer.in_language("de").role == "Samordnare"
    assert panel.names.table.accessibleName()
