import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """Every test gets its own library folder, never the user's real one."""
    data = tmp_path / "userdata"
    monkeypatch.setenv("PETITION_DESK_DATA_DIR", str(data))
    monkeypatch.setenv("PETITION_DESK_LANG", "en")
    yield data
