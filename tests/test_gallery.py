"""`make gallery`: every template in every language in one review PDF."""

import importlib.util
from pathlib import Path

from pypdf import PdfReader

from desktop.core.templates import ADDRESS_LAYOUTS, list_templates


def load_tool():
    path = Path(__file__).resolve().parent.parent / "tools" / "gallery.py"
    spec = importlib.util.spec_from_file_location("gallery", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gallery_has_every_template_language_and_style(tmp_path):
    gallery = load_tool()
    pdf = gallery.build(tmp_path)
    reader = PdfReader(pdf)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    texts = [t for t in list_templates() if t.builtin and t.layout not in ADDRESS_LAYOUTS]
    expected = sum(len(t.languages) * len(gallery.variants(t)) for t in texts)
    assert len(titles) == expected
    for info in texts:
        for language in info.languages:
            assert any(title.startswith(f"{info.id} · {language}") for title in titles), (info.id, language)
    assert any("style=riksdag" in title for title in titles)
