"""Scripts and styles inlined into every page, read from installed packages.

Leaflet comes from the ``django-js-lib-leaflet`` wheel (Leaflet 1.9.4, BSD-2-Clause); its CSS
images are inlined as data URIs. Nothing is fetched from a network at build or view time.

siversk-map's own scripts are parts of one program: each file in ``static/`` is a single
function expression ``(function (global, ns) { ... })`` that reads and adds to the shared
namespace ``ns``. :func:`bundle` joins them in order into one script whose only global is the
page's entry point (``window.SiverskMap`` on a date page, ``window.SiverskTimeline`` on the
timeline page).
"""

from __future__ import annotations

import base64
import functools
import importlib.resources
import re
from collections.abc import Callable

import rcssmin
import rjsmin

__all__ = [
    "LEAFLET_JS",
    "Assets",
    "bundle",
    "load_assets",
    "load_timeline_assets",
    "minify_css",
    "minify_js",
    "script_safe",
    "shared_leaflet_assets",
]

_LEAFLET_PACKAGE = "js_lib_leaflet"

# One part: optional leading comments, then one function expression of (global, ns).
_PART = re.compile(
    r"\A\s*(?:/\*.*?\*/\s*|//[^\n]*\n\s*)*\(function \(global, ns\) \{.*\}\)\s*\Z", re.DOTALL
)
_ENTRY = re.compile(r"\A[A-Za-z_$][A-Za-z0-9_$]*\Z")


def script_safe(code: str) -> str:
    """Make JavaScript or CSS text safe to place inside a ``<script>``/``<style>`` element.

    Examples
    --------
    >>> script_safe('var s = "</script>";')
    'var s = "<\\\\/script>";'
    """
    return re.sub(r"</(script|style)", r"<\\/\1", code, flags=re.IGNORECASE)


def minify_js(code: str) -> str:
    """siversk-map's own script without comments and spare blanks (``rjsmin``, deterministic).

    The readable sources stay in ``static/``; pages carry them minified (about a third less).
    ``/*! ... */`` comments are kept.

    Examples
    --------
    >>> minify_js("var a = 1; /* one */ var b = a + 1;")
    'var a=1;var b=a+1;'
    """
    return str(rjsmin.jsmin(code, keep_bang_comments=True))


def minify_css(code: str) -> str:
    """A style sheet without comments and spare blanks (``rcssmin``, deterministic).

    Examples
    --------
    >>> minify_css("a { color: red; } /* note */")
    'a{color:red}'
    """
    return str(rcssmin.cssmin(code, keep_bang_comments=True))


def bundle(
    parts: dict[str, str],
    entry: str,
    export: str,
    minify: Callable[[str], str] | None = None,
) -> str:
    """Join script parts, in order, into one script with a single global.

    Parameters
    ----------
    parts
        File name to source; each source is one function expression ``(function (global,
        ns) { ... })`` (leading comments allowed), run in order with the same ``ns``.
    entry
        The one global the script sets: ``window[entry] = ns[export]``.
    export
        The namespace key that holds the entry point.
    minify
        Applied to each part (after its check); each stays marked ``/* name */``.

    Returns
    -------
    str
        The joined script (not yet made safe for a ``<script>`` element).

    Raises
    ------
    ValueError
        When a part is not a single function expression of ``(global, ns)``, or a name is
        not a plain identifier.

    Examples
    --------
    >>> print(bundle({"a.js": "(function (global, ns) { ns.a = 1; })"}, "A", "a"))
    (function (global) {
      "use strict";
      var ns = {};
      [
    /* a.js */
    (function (global, ns) { ns.a = 1; })
      ].forEach(function (part) { part(global, ns); });
      global.A = ns.a;
    })(window);
    """
    for name in (entry, export):
        if not _ENTRY.match(name):
            raise ValueError(f"not a JavaScript identifier: {name!r}")
    for name, code in parts.items():
        if not _PART.match(code):
            raise ValueError(f"{name}: not one function expression of (global, ns)")
    shrink = minify or (lambda code: code)
    joined = ",\n".join(f"/* {name} */\n{shrink(code.strip())}" for name, code in parts.items())
    return (
        "(function (global) {\n"
        '  "use strict";\n'
        "  var ns = {};\n"
        f"  [\n{joined}\n  ].forEach(function (part) {{ part(global, ns); }});\n"
        f"  global.{entry} = ns.{export};\n"
        "})(window);"
    )


class Assets:
    """The scripts and styles of a page, in load order: linked files first, then inline text.

    Parameters
    ----------
    css, js : tuple of str
        Style sheets and scripts, inlined.
    css_links, js_links : tuple of str
        Relative addresses of style sheets and scripts the page loads from files beside it
        (they load from ``file://`` too: classic scripts and style sheets need no server).
    """

    def __init__(
        self,
        css: tuple[str, ...],
        js: tuple[str, ...],
        css_links: tuple[str, ...] = (),
        js_links: tuple[str, ...] = (),
    ) -> None:
        self.css = css
        self.js = js
        self.css_links = css_links
        self.js_links = js_links


#: Where a site keeps the one copy of Leaflet's script its date pages share.
LEAFLET_JS = "assets/leaflet.js"


def shared_leaflet_assets(prefix: str) -> tuple[Assets, dict[str, bytes]]:
    """A date page's assets with Leaflet's script linked, not inlined, and the file to write.

    Leaflet's style sheet (19 KB) stays inline: a page opened from ``file://`` may not read
    the rules of a linked sheet (each file is its own origin), which checkers such as axe-core
    try; its script (148 KB) is the bulk of what every page repeated.

    Parameters
    ----------
    prefix : str
        The way from the page to the site's root (``"../"`` for ``dates/*.html``).

    Returns
    -------
    tuple
        ``(assets, files)``: the page's assets, and output name -> bytes of :data:`LEAFLET_JS`.
    """
    base = load_assets()
    assets = Assets(css=base.css, js=base.js[1:], js_links=(prefix + LEAFLET_JS,))
    files = {LEAFLET_JS: _read(_LEAFLET_PACKAGE, "static", "js_lib_leaflet", "leaflet.js").encode()}
    return assets, files


def _read(package: str, *parts: str) -> str:
    node = importlib.resources.files(package)
    for part in parts:
        node = node / part
    return node.read_text(encoding="utf-8")


def _own(name: str) -> str:
    return _read("siversk_map.render", "static", name)


# The scripts of a date page and of the timeline page, in the order they run.
_MAP_PARTS = ("siversk.js",)
_TIMELINE_PARTS = (
    "siversk.js",
    "topology.js",
    "advance.js",
    "timeline_data.js",
    "timeline_controls.js",
    "timeline_map.js",
    "timeline_pairs.js",
    "timeline_panel.js",
    "timeline.js",
    "export_png.js",
)


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
    own_js = bundle({name: _own(name) for name in _MAP_PARTS}, "SiverskMap", "map", minify_js)
    own_css = minify_css(_own("siversk.css"))
    return Assets(
        css=(script_safe(minify_css(_leaflet_css())), script_safe(own_css)),
        js=(script_safe(leaflet_js), script_safe(own_js)),
    )


@functools.lru_cache(maxsize=1)
def load_timeline_assets() -> Assets:
    """:func:`load_assets` and the timeline page's own styles and scripts, ready to inline."""
    base = load_assets()
    own_js = bundle(
        {name: _own(name) for name in _TIMELINE_PARTS}, "SiverskTimeline", "timeline", minify_js
    )
    return Assets(
        css=(*base.css, script_safe(minify_css(_own("timeline.css")))),
        js=(base.js[0], script_safe(own_js)),
    )
