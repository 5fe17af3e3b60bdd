"""The timeline page's container: data and scripts deflated, in base 85, read back by one reader."""

from __future__ import annotations

import json
import random
import re
import zlib
from typing import Any

import pytest

from siversk_map import load_dataset
from siversk_map.render import timeline
from siversk_map.render.assets import load_timeline_assets
from siversk_map.render.packed import (
    ALPHABET,
    PACKED_TYPE,
    b85decode,
    b85encode,
    pack_json,
    pack_text,
    read_page_payload,
    read_page_scripts,
    unpack_text,
)
from siversk_map.render.timeline import render_timeline_html

from .conftest import MINI


def test_base85_round_trips_and_never_writes_a_tag_start() -> None:
    rng = random.Random(15)
    assert len(ALPHABET) == len(set(ALPHABET)) == 85 and "<" not in ALPHABET
    for size in [0, 1, 2, 3, 4, 5, 7, 8, 1000, 4099]:
        data = bytes(rng.randrange(256) for _ in range(size))
        text = b85encode(data)
        assert set(text) <= set(ALPHABET)
        assert len(text) == size // 4 * 5 + (size % 4 + 1 if size % 4 else 0)
        assert b85decode(text) == data
    with pytest.raises(ValueError, match="'<'"):
        b85decode("ab<cd")


def test_packed_text_is_deflate_and_deterministic() -> None:
    text = "var a = 1; // ü, Сіверськ\n" * 300
    packed = pack_text(text)
    assert packed == pack_text(text)  # the same bytes every time
    assert zlib.decompress(b85decode(packed)).decode("utf-8") == text
    assert unpack_text(packed) == text and len(packed) < len(text) / 20
    with pytest.raises(ValueError, match="not a zlib stream"):
        unpack_text(b85encode(b"not deflate at all"))


def _payload_text(page: str) -> str:
    found = re.search(r'<script type="([^"]*)" id="timeline-data"[^>]*>(.*?)</script>', page, re.S)
    assert found is not None
    assert found.group(1) == PACKED_TYPE
    return found.group(2)


def test_timeline_page_is_packed_the_same_twice_and_reads_back_what_was_packed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    packed: list[Any] = []

    def spy(data: Any) -> str:
        packed.append(json.loads(json.dumps(data)))
        return pack_json(data)

    monkeypatch.setattr(timeline, "pack_json", spy)
    first = render_timeline_html(load_dataset(MINI))
    second = render_timeline_html(load_dataset(MINI))
    assert first == second and _payload_text(first) == _payload_text(second)
    assert len(packed) == 2 and packed[0] == packed[1]
    # What the page carries is what was packed; it is compressed (no JSON text in the page).
    assert read_page_payload(first) == packed[0]
    assert '"dates"' not in first and '"topology"' not in first
    raw = json.dumps(packed[0], separators=(",", ":"), ensure_ascii=False).encode()
    assert len(_payload_text(first)) < len(raw) / 2
    # The scripts too, Leaflet's first, in the order they run.
    scripts = read_page_scripts(first)
    assert scripts == list(load_timeline_assets().js)
    assert "Leaflet" in scripts[0][:400] and "SiverskTimeline" in scripts[1]
    assert "function L(" not in first and "SiverskTimeline" not in first.split("<body")[0]


def test_the_reader_reads_a_plain_json_element_and_names_a_missing_one() -> None:
    page = '<script type="application/json" id="timeline-data">{"a":[1,2]}</script>'
    assert read_page_payload(page) == {"a": [1, 2]}
    with pytest.raises(ValueError, match="no <script id='other'>"):
        read_page_payload(page, "other")
