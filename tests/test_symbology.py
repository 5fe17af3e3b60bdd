"""The front's symbology: one table, and styles a colour-blind reader can tell apart.

Colour vision deficiency is simulated with the Machado, Oliveira & Fernandes (2009) matrices at
severity 1.0 (full protanopia and deuteranopia), applied to linear RGB. Differences are CIEDE2000
(ΔE00) in CIELAB (D65). Thresholds:

- styles drawn the same way must differ by ΔE00 >= 10 (about the difference between two
  categories a reader names apart at a glance, not merely "just noticeable", ~2) in normal vision
  and both simulations: the side fills (Russian, Ukrainian, contested) as shown over the map's
  background, and the hatch lines of claims, gained and lost ground as shown over it, and the
  gain and loss outlines;
- every other pair of the six (a fill against a hatch) is told apart first by its pattern, and its
  line colours must still differ by ΔE00 >= 5;
- gained and lost ground are hatched at right angles; a claim, hatched at the angle of lost
  ground, has a dashed outline and thinner, lighter hatch lines.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import numpy as np
import pytest

from siversk_map.export.static_style import COLOURS, SIDE_LABELS
from siversk_map.render.page import LEGEND_KEYS
from siversk_map.render.timeline import AGAINST_LEGEND
from siversk_map.render.timeline_chart import build_chart
from siversk_map.symbology import (
    BASE_COLOURS,
    FRONT_COLOURS,
    FRONT_STYLES,
    hatch_patterns,
    legend_swatch,
    symbology_json,
)

SAME = 10.0
CROSS = 5.0
VISIONS = ("normal", "protanopia", "deuteranopia")
MACHADO = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}
_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])


def _srgb(colour: str) -> np.ndarray:
    return np.array([int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)])


def _linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> tuple[float, float, float]:
    xyz = _XYZ @ linear / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return (116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2]))


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    cbar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(cbar**7 / (cbar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1 = math.degrees(math.atan2(b1, a1p)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2p)) % 360 if c2 else 0.0
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    dhh = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    lbar, cbarp = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        hbar = h1 + h2
    elif abs(h1 - h2) <= 180:
        hbar = (h1 + h2) / 2
    else:
        hbar = (h1 + h2 + (360 if h1 + h2 < 360 else -360)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbar - 30))
        + 0.24 * math.cos(math.radians(2 * hbar))
        + 0.32 * math.cos(math.radians(3 * hbar + 6))
        - 0.20 * math.cos(math.radians(4 * hbar - 63))
    )
    rc = 2 * math.sqrt(cbarp**7 / (cbarp**7 + 25**7))
    rt = -math.sin(math.radians(60 * math.exp(-(((hbar - 275) / 25) ** 2)))) * rc
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbarp, 1 + 0.015 * cbarp * t
    dl, dc = (l2 - l1) / sl, (c2 - c1) / sc
    return math.sqrt(dl**2 + dc**2 + (dhh / sh) ** 2 + rt * dc * (dhh / sh))


def _seen(srgb: np.ndarray, vision: str) -> tuple[float, float, float]:
    linear = _linear(srgb)
    if vision != "normal":
        linear = np.clip(MACHADO[vision] @ linear, 0, 1)
    return _lab(linear)


def delta(a: np.ndarray, b: np.ndarray, vision: str) -> float:
    """ΔE00 between two sRGB colours as a reader with ``vision`` sees them."""
    return ciede2000(_seen(a, vision), _seen(b, vision))


def over_background(colour: str, alpha: float) -> np.ndarray:
    """A colour at ``alpha`` over the map's background (browsers blend in sRGB)."""
    return alpha * _srgb(colour) + (1 - alpha) * _srgb(BASE_COLOURS["background"])


def shown(name: str) -> np.ndarray:
    """How a style's area looks: its fill, or its hatch lines, over the background."""
    style = FRONT_STYLES[name]
    if style.hatch is not None:
        return over_background(style.colour, style.hatch.opacity)
    assert style.fill is not None
    return over_background(style.fill, style.fill_opacity)


def line(name: str) -> np.ndarray:
    return _srgb(FRONT_STYLES[name].colour)


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu & Dalal (2005), test data pairs 1, 7, 17 and 25
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 0, 0), (50, -1, 2), 2.3669),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_ciede2000_matches_published_pairs(
    lab1: tuple[float, float, float], lab2: tuple[float, float, float], expected: float
) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_simulation_merges_red_and_green() -> None:
    # A red and a green far apart in normal vision come close under deuteranopia: the
    # simulation does what it should (this pair is the Russian side and the former loss green).
    red, green = _srgb("#c62828"), _srgb("#2e7d32")
    assert delta(red, green, "normal") > 50
    assert delta(red, green, "deuteranopia") < 10


def test_former_palette_fails_the_threshold() -> None:
    # The former contested grey (#8d8d8d at 0.45) was hard to tell from the Russian fill
    # under protanopia: the test would have caught it.
    ru = shown("ru")
    assert delta(ru, over_background("#8d8d8d", 0.45), "protanopia") < SAME


@pytest.mark.parametrize("vision", VISIONS)
def test_side_fills_stay_apart(vision: str) -> None:
    for a, b in itertools.combinations(("ru", "ua", "contested"), 2):
        assert delta(shown(a), shown(b), vision) >= SAME, (a, b, vision)


@pytest.mark.parametrize("vision", VISIONS)
def test_hatches_stay_apart(vision: str) -> None:
    for a, b in itertools.combinations(("claim", "gain", "loss"), 2):
        assert delta(shown(a), shown(b), vision) >= SAME, (a, b, vision)
    assert delta(line("gain"), line("loss"), vision) >= SAME


@pytest.mark.parametrize("vision", VISIONS)
def test_line_colours_stay_apart(vision: str) -> None:
    for a, b in itertools.combinations(("ru", "ua", "contested", "claim", "gain", "loss"), 2):
        assert delta(line(a), line(b), vision) >= CROSS, (a, b, vision)


def test_hatch_patterns_differ() -> None:
    claim, gain, loss = (FRONT_STYLES[name] for name in ("claim", "gain", "loss"))
    assert claim.hatch and gain.hatch and loss.hatch
    assert abs(gain.hatch.angle - loss.hatch.angle) == 90
    assert claim.hatch.angle == loss.hatch.angle
    assert claim.dash and not loss.dash
    assert claim.hatch.stroke < loss.hatch.stroke and claim.hatch.opacity < loss.hatch.opacity
    for name in ("ru", "ua", "contested"):
        assert FRONT_STYLES[name].hatch is None


def test_gain_is_orange_and_loss_green() -> None:
    import colorsys

    for name, low, high in (("gain", 15, 45), ("loss", 90, 160)):
        hue = colorsys.rgb_to_hls(*line(name))[0] * 360
        assert low <= hue <= high, (name, hue)


def test_every_output_reads_the_one_table() -> None:
    for key in ("ru", "ua", "contested", "claim", "gain", "loss", "front"):
        assert COLOURS[key] == FRONT_COLOURS[key]
    assert {side: FRONT_STYLES[side].label for side in ("ru", "ua", "contested")} == SIDE_LABELS
    chart = build_chart(["2024-01-01"], [{"ru": 1.0, "ua": 2.0, "contested": 0.5}])
    assert {s["side"]: s["colour"] for s in chart["series"]} == {
        side: FRONT_COLOURS[side] for side in ("ru", "ua", "contested")
    }
    assert LEGEND_KEYS[2] == legend_swatch("contested")
    assert LEGEND_KEYS[2]["background"] == "rgba(97,97,97,0.6)"
    assert [k["colour"] for k in AGAINST_LEGEND] == [
        FRONT_COLOURS[name] for name in ("other_outline", "disagree_a", "disagree_b")
    ]
    assert symbology_json()["front"]["loss"]["hatch"]["angle"] == 45
    assert [p[0] for p in hatch_patterns()] == ["sm-hatch-claim", "sm-hatch-gain", "sm-hatch-loss"]


def test_no_second_copy_of_the_front_colours() -> None:
    root = Path(__file__).resolve().parents[1] / "siversk_map" / "render"
    texts = {
        path: path.read_text(encoding="utf-8")
        for path in [root / "static" / "siversk.js", root / "templates" / "timeline.j2"]
    }
    for path, text in texts.items():
        found = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", text)}
        assert not found & {s.colour for s in FRONT_STYLES.values()}, path


def test_draw_order_matches_the_timeline_panes() -> None:
    from siversk_map.render.timeline import GROUPS

    styles_of = {
        "control": ("ru", "ua", "contested"),
        "claims": ("claim",),
        "against": ("other_outline", "disagree_a", "disagree_b"),
        "change_ru": ("gain", "loss"),
        "front_line": ("front", "front_claimed"),
        "axis": ("axis",),
        "measure": ("measure",),
        "event": ("event_reported", "event_assessed", "event_claimed"),
    }
    panes = [key for key, _, _ in GROUPS if key in styles_of]
    assert panes == list(styles_of)
    zs = [{FRONT_STYLES[name].z for name in styles_of[key]} for key in panes]
    assert all(len(z) == 1 for z in zs)
    ordered = [z.pop() for z in zs]
    assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)


def test_static_maps_draw_the_front_with_the_tables_widths_and_dashes() -> None:
    """matplotlib reads widths and dash patterns from the symbology table (no second copy)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from siversk_map import load_dataset
    from siversk_map.export.static import render_snapshot
    from siversk_map.symbology import mpl_line

    root = Path(__file__).resolve().parents[1] / "siversk_map" / "export"
    for name in ("static_draw.py", "static_text.py"):
        text = (root / name).read_text(encoding="utf-8")
        assert not re.findall(r"\bls=\(|linestyle=\(|linestyle=\"--\"", text), name
    fig = render_snapshot(load_dataset(), "2025-12-16")
    try:
        lines = {
            # matplotlib keeps no public getter for the pattern it draws (points, scaled).
            (round(float(line.get_linewidth()), 2), tuple(line._dash_pattern[1] or ()))  # type: ignore[attr-defined]
            for ax in fig.axes
            for line in ax.get_lines()
        }
        for style in ("front", "axis"):
            want = mpl_line(style)
            width = want["linewidth"]
            dashes = () if want["linestyle"] == "solid" else want["linestyle"][1]
            assert any(w == width for w, _ in lines), (style, lines)
            if dashes:
                # matplotlib keeps the pattern scaled by the width (points on paper).
                scaled = tuple(round(d * width, 2) for d in dashes)
                assert any(
                    tuple(round(d, 2) for d in got) == scaled for w, got in lines if w == width
                ), (style, lines)
    finally:
        plt.close(fig)
