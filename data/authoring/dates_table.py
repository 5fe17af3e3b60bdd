"""Write the "Dates" table of data/geojson/README.md from the built data set.

Each row is one dated file: the control drawn on it (its source and status), the claims, axes and
measure lines, and the events with who said what, the source, its date and link. The table is
written between the markers ``<!-- dates:start -->`` and ``<!-- dates:end -->``; nothing else in
the README is touched. Run after build_siversk.py:

    PYTHONPATH=. python data/authoring/dates_table.py          # rewrite the table
    PYTHONPATH=. python data/authoring/dates_table.py --check  # exit 1 if it is out of date

Only the standard library is used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1] / "geojson"
README = ROOT / "README.md"
START, END = "<!-- dates:start -->", "<!-- dates:end -->"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _link(url: Any) -> str:
    return f" [link]({url})" if isinstance(url, str) and url.startswith("https://") else ""


def _row(day: str, features: list[dict[str, Any]]) -> str:
    shows: list[str] = []
    sources: list[str] = []
    props = [f["properties"] for f in features]
    ru = [
        p
        for p in props
        if p["layer"] == "control" and p.get("side") == "ru" and p["status"] != "claimed"
    ]
    if ru:
        p = ru[0]
        shows.append(f"Control drawn ({p['status']})")
        sources.append(f"{p['source']} ({p['source_date']}){_link(p.get('source_url'))}")
    for p in props:
        if p["layer"] == "control" and p["status"] == "claimed":
            shows.append(f"**Claim** (`claimed`): {p.get('name', '')}")
            sources.append(f"{p['source']} ({p['source_date']}){_link(p.get('source_url'))}")
    for p in props:
        if p["layer"] == "axis":
            shows.append(f"Axis: {p.get('name', '')}")
    for p in props:
        if p["layer"] == "measure":
            shows.append(f"**Measure**: {p.get('name', '')}")
            sources.append(f"{p['source']} ({p['source_date']}){_link(p.get('source_url'))}")
    for p in props:
        if p["layer"] == "event":
            shows.append(f"**{p.get('name', '')}** (`{p['status']}`): {p.get('summary', '')}")
            sources.append(f"{p['source']} ({p['source_date']}){_link(p.get('source_url'))}")
    unique = list(dict.fromkeys(sources))
    return f"| {day} | {_cell('<br>'.join(shows))} | {_cell('; '.join(unique))} |"


def table() -> str:
    """The Markdown table, one row per dated file, in date order."""
    lines = [
        "| date | shows | sources (source date, link) |",
        "|---|---|---|",
    ]
    for path in sorted((ROOT / "dated").glob("*.geojson")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        lines.append(_row(path.stem, doc["features"]))
    return "\n".join(lines)


def updated(text: str) -> str:
    """The README text with its Dates table replaced."""
    if START not in text or END not in text:
        raise SystemExit(f"{README}: the markers {START} and {END} are missing")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    """Rewrite the table, or with ``--check`` say whether it is current (exit 1 if not)."""
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in argv:
        if new != text:
            print(f"{README}: the Dates table is out of date; run {Path(__file__).name}")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    print(f"wrote the Dates table of {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
