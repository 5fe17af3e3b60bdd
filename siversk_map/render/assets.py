"""Scripts and styles inlined into every page, read from installed packages.

Leaflet comes from the ``django-js-lib-leaflet`` wheel (Leaflet 1.9.4, BSD-2-Clause); its CSS
images are inlined as data URIs. Nothing is fetched from a network at build or view time.
"""

from __future__ import annotations

import base64
import functools
import importlib.resources
import re

__all__ = ["Assets", "load_assets", "load_timeline_assets", "script_safe"]

_LEAFLET_PACKAGE = "js_lib_leaflet"


def script_safe(code: str) -> str:
    """Make JavaScript or CSS text safe to place inside a ``<script>``/``<style>`` element.

    Examples
    --------
    >>> script_safe('var s = "</script>";')
    'var s = "<\\\\/script>";'
    """
    return re.sub(r"</(script|style)", r"<\\/\1", code, flags=re.IGNORECASE)


class Assets:
    """The inline scripts and styles of a page, in load order."""

    def __init__(self, css: tuple[str, ...], js: tuple[str, ...]) -> None:
        self.css = css
        self.js = js


def _read(package: str, *parts: str) -> str:
    node = importlib.resources.files(package)
    for part in parts:
        node = node / part
    return node.read_text(encoding="utf-8")


def _leaflet_css() -> str:
    css = _read(_LEAFLET_PACKAGE, "static", "js_lib_leaflet", "leaflet.css")
    images = importlib.resources.files(_LEAFLET_PACKAGE) / "static" / "js_lib_leaflet" / "images"

    def inline(match: re.Match[str]) -> str:
        data = (images / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    return re.sub(r"url\(images/([A-Za-z0-9_.-]+\.png)\)", inline, css)


@functools.lru_cache(maxsize=1)
def load_assets() -> Assets:
    """Leaflet's JS and CSS and siversk-map's own, ready to inline.

    Raises
    ------
    ImportError
        When the package carrying Leaflet is not installed.
    """
    try:
        leaflet_js = _read(_LEAFLET_PACKAGE, "static", "js_lib_leaflet", "leaflet.js")
    except ModuleNotFoundError as exc:
        raise ImportError(
            "Leaflet's files come from the package django-js-lib-leaflet: "
            "pip install django-js-lib-leaflet"
        ) from exc
    own_js = _read("siversk_map.render", "static", "siversk.js")
    own_css = _read("siversk_map.render", "static", "siversk.css")
    return Assets(
        css=(script_safe(_leaflet_css()), script_safe(own_css)),
        js=(script_safe(leaflet_js), script_safe(own_js)),
    )


@functools.lru_cache(maxsize=1)
def load_timeline_assets() -> Assets:
    """:func:`load_assets` and the timeline page's own styles and scripts, ready to inline."""
    base = load_assets()

    def own(name: str) -> str:
        return script_safe(_read("siversk_map.render", "static", name))

    return Assets(
        css=(*base.css, own("timeline.css")),
        js=(
            *base.js,
            own("topology.js"),
            own("advance.js"),
            own("timeline.js"),
            own("export_png.js"),
        ),
    )
