"""Compressed parts of a page: deflated, written as base-85 text, unpacked by the page itself.

The timeline page carries its data and its scripts (Leaflet's included) compressed: each part is
deflated (zlib format, level 9: the same text gives the same bytes on every run with the same
zlib) and written as base-85 text (:data:`ALPHABET`, 5 characters for 4 bytes) inside an inert
``<script type="application/x-siversk-packed" data-packed="json|script">`` element. The page's
small uncompressed script (``static/unpack.js``) decodes the text, inflates it with the
browser's own ``DecompressionStream("deflate")``, puts the JSON back in its element and runs
the scripts, in document order, then clears ``data-unpacking`` on ``<html>``: a caller driving
the page waits for that (:data:`UNPACKED_JS`). docs/FORMAT.md, "The page's container",
describes it.

:func:`read_page_payload` is the one Python reader of a page's data: tests and tools read the
page through it, packed or not.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import zlib
from typing import Any

__all__ = [
    "ALPHABET",
    "PACKED_TYPE",
    "UNPACKED_JS",
    "b85decode",
    "b85encode",
    "pack_json",
    "pack_text",
    "read_page_payload",
    "read_page_scripts",
    "unpack_script",
    "unpack_text",
]

#: RFC 1924's base-85 alphabet (Python's :func:`base64.b85encode`) with ``<`` written as ``.``:
#: the text can never hold ``</script`` or ``<!--``, so it is safe inside a ``<script>`` element.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;.=>?@^_`{|}~"
_TO_PAGE = bytes.maketrans(b"<", b".")
_FROM_PAGE = bytes.maketrans(b".", b"<")

#: The ``type`` of a packed element: not a script type, so the browser never runs it.
PACKED_TYPE = "application/x-siversk-packed"

#: True in the page once it has unpacked and started (or given up): what callers wait for.
UNPACKED_JS = "() => !document.documentElement.hasAttribute('data-unpacking')"

_LEVEL = 9
_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)
_ATTR = re.compile(r'([a-z-]+)(?:="([^"]*)")?')


def b85encode(data: bytes) -> str:
    """Bytes as base-85 text in :data:`ALPHABET` (the last group: one character per byte + 1).

    Examples
    --------
    >>> b85encode(b"Siversk")
    'Q)zZ(a&v0'
    >>> b85encode(bytes([0, 55]))  # RFC 1924 gives "05<"
    '05.'
    >>> b85decode(b85encode(bytes(range(256)))) == bytes(range(256))
    True
    """
    return base64.b85encode(data).translate(_TO_PAGE).decode("ascii")


def b85decode(text: str) -> bytes:
    """Inverse of :func:`b85encode`.

    Raises
    ------
    ValueError
        When ``text`` holds a character outside :data:`ALPHABET` or is not base-85 text.
    """
    raw = text.encode("ascii")
    if b"<" in raw:
        raise ValueError("packed text holds '<', which the page's alphabet writes as '.'")
    return base64.b85decode(raw.translate(_FROM_PAGE))


def pack_text(text: str) -> str:
    """UTF-8 text deflated (zlib format, level 9) and written in base 85: deterministic.

    Examples
    --------
    >>> packed = pack_text("var a = 1;" * 100)
    >>> len(packed) < 100, unpack_text(packed) == "var a = 1;" * 100
    (True, True)
    """
    return b85encode(zlib.compress(text.encode("utf-8"), _LEVEL))


def unpack_text(packed: str) -> str:
    """Inverse of :func:`pack_text`.

    Raises
    ------
    ValueError
        When the text is not a packed part (bad characters, or not a zlib stream).
    """
    try:
        return zlib.decompress(b85decode(packed.strip())).decode("utf-8")
    except zlib.error as exc:
        raise ValueError(f"packed text is not a zlib stream: {exc}") from None


def pack_json(data: Any) -> str:
    """JSON data as compact UTF-8 text with sorted keys, packed (see :func:`pack_text`).

    The text is never parsed as HTML (the page puts it back with ``textContent``), so it needs
    none of the escapes of ``tojson``.

    Returns
    -------
    str
        Base-85 text of the deflated JSON.
    """
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return pack_text(text)


def _elements(html: str) -> list[tuple[dict[str, str], str]]:
    return [(dict(_ATTR.findall(m.group(1))), m.group(2)) for m in _ELEMENT.finditer(html)]


def read_page_payload(html: str, element_id: str = "timeline-data") -> Any:
    """The data a page carries in its JSON element, packed or not, parsed.

    Parameters
    ----------
    html : str
        The whole page.
    element_id : str
        The ``id`` of the data's ``<script>`` element.

    Returns
    -------
    Any
        The parsed JSON.

    Raises
    ------
    ValueError
        When the page has no such element, or its text is not packed JSON or JSON.
    """
    for attrs, text in _elements(html):
        if attrs.get("id") != element_id:
            continue
        if attrs.get("type") == PACKED_TYPE:
            return json.loads(unpack_text(text))
        return json.loads(text)
    raise ValueError(f"the page has no <script id={element_id!r}> element")


def read_page_scripts(html: str) -> list[str]:
    """Every script the page runs, in order, unpacked: inline and packed, not data blocks.

    Parameters
    ----------
    html : str
        The whole page.

    Returns
    -------
    list of str
        The scripts' texts; the page's own unpacking script is not listed.

    Raises
    ------
    ValueError
        When a packed script is not a packed part.
    """
    out = []
    for attrs, text in _elements(html):
        kind = attrs.get("type")
        if kind == PACKED_TYPE and attrs.get("data-packed") == "script":
            out.append(unpack_text(text))
        elif kind is None and "data-unpack" not in attrs and "src" not in attrs:
            out.append(text)
    return out


@functools.lru_cache(maxsize=1)
def unpack_script() -> str:
    """The page's own script that unpacks the packed parts (``static/unpack.js``).

    Returns
    -------
    str
        The script, minified and safe to place in a ``<script>`` element.
    """
    from .assets import _own, minify_js, script_safe

    return script_safe(minify_js(_own("unpack.js")))
