"""An area that is not Siversk: nothing of Siversk's data set may leak into its exports.

The whole-front DeepState series (../shared/data/real, read only) is imported for Huliaipole
(Zaporizhzhia Oblast) without a basemap and exported as a PDF snapshot; its text and every text
artist of the figure must name Zaporizhzhia Oblast and nothing of Donetsk, the Bakhmutka or
Siversk. The same figure for the bundled data must name them (the test can fail).
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

from siversk_map import DataSet, load_dataset
from siversk_map.export.snapshot import render_snapshot_bytes
from siversk_map.export.static import render_snapshot
from siversk_map.importers import import_sources

from .conftest import REAL

SERIES = REAL / "series" / "deepstate_daily_front"
HULIAIPOLE = (36.05, 47.55, 36.45, 47.75)
FORBIDDEN = ("donetsk", "bakhmutka", "siversk", "донец", "бахмутк", "сіверськ")

pypdf = pytest.importorskip("pypdf")


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _without_tool_name(text: str) -> str:
    """The text without the tool's own name (``imported with siversk-map`` is a fair credit)."""
    return text.lower().replace("siversk-map", "")


def _figure_texts(ds: DataSet, date: str) -> str:
    fig = render_snapshot(ds, date)
    try:
        return "\n".join(t.get_text() for t in fig.findobj(Text) if isinstance(t, Text))
    finally:
        plt.close(fig)


@pytest.fixture(scope="module")
def huliaipole(tmp_path_factory: pytest.TempPathFactory) -> DataSet:
    if not SERIES.is_dir():
        pytest.skip(f"real data folder {SERIES} not present (shared/data/real)")
    out = tmp_path_factory.mktemp("hp") / "hp"
    import_sources("deepstate-daily", [SERIES], out, aoi=HULIAIPOLE)
    return load_dataset(out)


def test_huliaipole_pdf_names_its_oblast_and_nothing_of_siversk(huliaipole: DataSet) -> None:
    last = huliaipole.dates[-1].isoformat()
    text = _pdf_text(render_snapshot_bytes(huliaipole, last, "pdf"))
    assert "Zaporizhzhia Oblast" in text
    assert "OpenStreetMap" not in text  # no OSM base in this data set: no OSM credit
    artists = _figure_texts(huliaipole, last)
    for name in FORBIDDEN:
        assert name not in _without_tool_name(text), name
        assert name not in _without_tool_name(artists), name


def test_the_bundled_pdf_names_donetsk_and_credits_osm(tmp_path: Path) -> None:
    ds = load_dataset()
    last = ds.dates[-1].isoformat()
    text = _pdf_text(render_snapshot_bytes(ds, last, "pdf"))
    assert "Donetsk Oblast" in text
    assert ds.manifest.base_attribution and ds.manifest.base_attribution in text
    artists = _figure_texts(ds, last)
    assert "SIVERSK" in artists  # the main town's label
    assert f"{ds.manifest.river_name} (river line)" in artists
