"""Script payloads planted in every text field of a data set, for the hostile-text tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

PAYLOADS = (
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=2</script>",
    "${window.__pwned=3}",
    '"><svg onload=window.__pwned=4>',
    "javascript:window.__pwned=5",
)
TEXT_FIELDS = ("name", "name_uk", "source", "note", "summary")


def poison(root: Path) -> None:
    """Add a payload to every text field of every feature and of the manifest, in place."""
    for number, path in enumerate(sorted(root.rglob("*.geojson"))):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for index, feature in enumerate(doc["features"]):
            props = feature["properties"]
            payload = PAYLOADS[(number + index) % len(PAYLOADS)]
            for field in TEXT_FIELDS:
                props[field] = f"{props.get(field) or field} {payload}"
            if props.get("layer") == "event":
                props["source_url"] = 'https://example.org/"><img src=x onerror=window.__pwned=6>'
        path.write_text(json.dumps(doc), encoding="utf-8")
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for key in ("title", "attribution", "precision_note", "base_attribution", "river_name"):
        manifest[key] = f"{manifest.get(key) or key} {PAYLOADS[1]} {PAYLOADS[0]}"
    manifest["facts"] = [f"{fact} {PAYLOADS[2]}" for fact in manifest["facts"]] or [PAYLOADS[2]]
    manifest["reference_point"]["name"] = PAYLOADS[0]
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def hostile_copy(src: Path, dest: Path) -> Path:
    """A copy of the data set ``src`` at ``dest``, poisoned (see :func:`poison`)."""
    shutil.copytree(src, dest)
    poison(dest)
    return dest
