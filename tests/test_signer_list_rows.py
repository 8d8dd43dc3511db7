"""The signer list's rows never shift under the wrong heading: a row that does not line up is named by its line."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.signer_list import read_delivery_copy

ROOT = Path(__file__).resolve().parents[1]
NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12)


def write_list(path: Path, delimiter: str, rows: list[list[str]], quote_bad: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n",
                        quoting=csv.QUOTE_MINIMAL if quote_bad else csv.QUOTE_NONE, escapechar=None
                        if quote_bad else "\\")
    if quote_bad:
        writer.writerows(rows)
        text = buffer.getvalue()
    else:  # as a hand-made file: every value written as it is, no quotation marks
        text = "".join(delimiter.join(row) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")


@settings(max_examples=40, deadline=None)
@given(delimiter=st.sampled_from([",", ";", "\t"]), bad=st.integers(0, 4), extra=NAMES,
       quoted=st.booleans())
@example(delimiter=",", bad=0, extra="John", quoted=False)  # "Doe, John" once shifted the consented e-mail away
def test_a_name_holding_the_separator_is_reported_unless_quoted(tmp_path_factory, delimiter, bad, extra, quoted):
    extra = extra.strip().replace('"', "") or "x"
    header = ["name", "city", "email", "consent"]
    rows = [[f"Signer {i}", "Uppsala", f"s{i}@example.org", "yes"] for i in range(5)]
    rows[bad][0] = f"Doe{delimiter} {extra}"
    path = tmp_path_factory.mktemp("list") / "signers.csv"
    write_list(path, delimiter, [header, *rows], quote_bad=quoted)
    copy = read_delivery_copy(path)
    if quoted:
        assert not copy.rejected
        assert [r.name for r in copy.rows][bad] == " ".join(f"Doe{delimiter} {extra}".split())
        assert all(r.email for r in copy.rows) and copy.emails_dropped == 0
    else:
        assert [row.line for row in copy.rejected] == [bad + 2]
        assert "header has 4" in str(copy.rejected[0].reason)
        # The other signers come through whole, every consented e-mail kept under its heading.
        assert [r.email for r in copy.rows] == [f"s{i}@example.org" for i in range(5) if i != bad]
        assert all(r.place == "Uppsala" for r in copy.rows)


def test_a_short_row_is_reported_too(tmp_path):
    path = tmp_path / "signers.csv"
    path.write_text("name,city,email,consent\nAnna,Uppsala,anna@example.org,yes\nBob,bob@example.org\n",
                    encoding="utf-8")
    copy = read_delivery_copy(path)
    assert [row.line for row in copy.rejected] == [3]
    assert [r.name for r in copy.rows] == ["Anna"]


def test_the_command_writes_nothing_and_lists_the_lines_when_a_row_does_not_line_up(tmp_path):
    source = tmp_path / "signers.csv"
    source.write_text("name,email,consent\nDoe, John,john@example.org,yes\nAnna,anna@example.org,yes\n",
                      encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--ui-lang", "en", "signatures", "delivery-copy",
                             str(source), str(tmp_path / "copy.csv")], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("line 2: has 4 cells but the header has 3")
    assert "Nothing was written" in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "copy.csv").exists()
