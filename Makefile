# Everyday tasks. Each is one command; see the README.
PYTHON ?= python
LANGS = sv fr de ru
KEYWORDS = -k N_ -k gettext -k ngettext:1,2 -k pgettext:1c,2 -k tr_format:2,3t -k tr_format:2,4,5t

.PHONY: catalogs test bench screenshots gallery

# Extract interface strings and merge them into every language's catalog.
catalogs:
	pybabel extract -F babel.cfg $(KEYWORDS) --no-location --no-wrap --sort-output \
		--project "Petition Desk" --msgid-bugs-address "" -o translations/petition_desk.pot .
	for lang in $(LANGS); do \
		if [ -f translations/$$lang/LC_MESSAGES/petition_desk.po ]; then \
			pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -i translations/petition_desk.pot -d translations -D petition_desk -l $$lang; \
		else \
			pybabel init -i translations/petition_desk.pot -d translations -D petition_desk -l $$lang; \
		fi; \
	done

test:
	$(PYTHON) -m pytest

bench:
	$(PYTHON) benchmarks/bench_export.py
	$(PYTHON) benchmarks/bench_gui.py
	$(PYTHON) benchmarks/bench_resolution.py

screenshots:
	QT_QPA_PLATFORM=offscreen $(PYTHON) tools/screenshots.py screenshots

# Every template in every language with the demo case, as one PDF and PNG pages.
gallery:
	$(PYTHON) tools/gallery.py gallery
