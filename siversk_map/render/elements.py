"""folium elements for siversk-map pages.

Each element is a small class over Leaflet's object model with its JS in a Jinja template under
``templates/``. The templates' environment escapes HTML by default, and data reaches scripts only
through ``tojson`` (which escapes ``<``, ``>`` and ``&``), so a value from the data can never
close a ``<script>`` element or start markup.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from .assets import Assets, load_assets

__all__ = [
    "ENV",
    "BaseLabels",
    "ControlBox",
    "DirectMacro",
    "FeatureLayer",
    "InlineAssets",
    "LayerControl",
    "MapSetup",
    "OfflineMap",
    "PageFigure",
    "PageSetup",
    "RenderedText",
    "freeze_ids",
    "template",
]

ENV = Environment(
    loader=PackageLoader("siversk_map.render", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=False,
    keep_trailing_newline=True,
)
# ``tojson`` writes compact JSON (sorted keys keep pages deterministic): a timeline page's data
# is most of its bytes, and the spaces after separators were a tenth of them.
ENV.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}


def template(name: str) -> Template:
    """A template of this package (autoescaping)."""
    return ENV.get_template(name)


class RenderedText(Element):  # type: ignore[misc]
    """Text already rendered, written into the page as it is.

    branca wraps what a macro renders in a new ``Element(text)``, which compiles the text as a
    Jinja template and renders it again: slow for a page's data (a template compile of every
    GeoJSON script), and a ``{{ … }}`` in a feature's name would be evaluated. This writes the
    text with the two changes that round trip made to text without template syntax (line
    breaks made LF, one trailing line break dropped), so pages stay byte-identical.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RenderedText"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, **kwargs: Any) -> str:
        """The text."""
        return self.text


class DirectMacro(MacroElement):  # type: ignore[misc]
    """A MacroElement whose rendered header, html and script go into the page as text.

    As :meth:`branca.element.MacroElement.render`, with :class:`RenderedText` in place of a
    re-compiled ``Element``.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # branca's returns None
        """Add this element's macros, rendered, to the page; then render the children."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"a {self._name} renders inside a Figure")
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    RenderedText(str(macro(self, kwargs))), name=self.get_name()
                )
        for element in self._children.values():
            element.render(**kwargs)


class InlineAssets(Element):  # type: ignore[misc]
    """Leaflet's and siversk-map's scripts and styles, inlined into the page header.

    A plain Element (not a MacroElement): it is itself rendered inside the header.
    """

    def __init__(self, assets: Assets | None = None) -> None:
        super().__init__()
        self._name = "InlineAssets"
        self.assets = assets or load_assets()
        self._template = template("inline_assets.j2")


#: The viewport folium writes (``maximum-scale=1, user-scalable=no``: no pinch zoom of the page).
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
#: The page's viewport: the reader may zoom (WCAG 1.4.4).
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


class PageFigure(Figure):  # type: ignore[misc]
    """folium's page, with a language, a title and the map inside a ``<main>`` landmark.

    Parameters
    ----------
    title : str
        The page's ``<title>`` (escaped).
    lang : str
        The ``lang`` of ``<html>``.
    """

    def __init__(self, title: str = "", lang: str = "en") -> None:
        super().__init__(title=title)
        self._name = "PageFigure"
        # The template declares the encoding first, where a browser looks for it.
        del self.header._children["meta_http"]
        self.lang = lang
        self._template = template("page_figure.j2")


class OfflineMap(folium.Map, DirectMacro):  # type: ignore[misc]
    """A folium Map that loads nothing from a CDN: its scripts and styles are inlined.

    folium's Map lists CDN links on the class; this subclass lists none and puts
    :class:`InlineAssets` in the header instead. Its page is a :class:`PageFigure`, and the
    viewport lets the reader zoom the page.

    Parameters
    ----------
    *args, **kwargs
        As :class:`folium.Map`.
    title : str
        The page's title.
    lang : str
        The page's language.
    """

    # folium declares these as instance attributes: a ClassVar would not type-check.
    default_js: list[tuple[str, str]] = []  # noqa: RUF012
    default_css: list[tuple[str, str]] = []  # noqa: RUF012

    def __init__(self, *args: Any, title: str = "", lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        figure = PageFigure(title=title, lang=lang)
        self.add_to(figure)
        figure.header.add_child(InlineAssets(), name="siversk_assets", index=0)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # folium's returns None
        """Render into the page, replacing folium's zoom-blocking viewport with :data:`VIEWPORT`."""
        super().render(**kwargs)
        root = self.get_root()
        if not isinstance(root, Figure):
            raise TypeError("an OfflineMap renders inside a Figure")
        header = root.header
        name = self.get_name()
        html = header._children[name].render()
        fixed, count = _FOLIUM_VIEWPORT.subn(VIEWPORT, html)
        if count != 1:
            raise RuntimeError("folium's map header has no viewport to replace")
        header.add_child(RenderedText(fixed), name=name)


class FeatureLayer(folium.map.Layer, DirectMacro):  # type: ignore[misc]
    """A GeoJSON layer styled, labelled and given popups by ``SiverskMap.geojsonLayer``.

    Parameters
    ----------
    data : dict
        A GeoJSON FeatureCollection; properties are shown as text, never as HTML.
    name : str
        Name in the layer control.
    show : bool
        Shown when the page opens.
    labels : bool
        Permanent labels on point settlements.
    """

    def __init__(
        self,
        data: dict[str, Any],
        name: str,
        show: bool = True,
        labels: bool = False,
        *,
        zoom: float | None = None,
        quiet: bool = False,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FeatureLayer"
        self.data = data
        self.options: dict[str, Any] = {"labels": labels, "quiet": quiet}
        if zoom is not None:
            self.options["zoom"] = zoom
        self._template = template("feature_layer.j2")

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # branca's returns None
        """As :meth:`folium.map.Layer.render`, its add-to-map statement a :class:`DirectMacro`."""
        if self.show and self._parent is not None:
            self.add_child(
                _AddToElement(
                    element_name=self.get_name(), element_parent_name=self._parent.get_name()
                ),
                name=self.get_name() + "_add",
            )
        DirectMacro.render(self, **kwargs)


class _AddToElement(ElementAddToElement, DirectMacro):  # type: ignore[misc]
    """folium's ``ElementAddToElement``, rendered as a :class:`DirectMacro`."""


class LayerControl(folium.LayerControl, DirectMacro):  # type: ignore[misc]
    """folium's layer control, rendered as a :class:`DirectMacro`."""


class PageSetup(DirectMacro):
    """The base map's symbology and the interface strings, handed to the page's script.

    Added before any layer: the layers' styles and popups read them.
    """

    def __init__(self, symbology: dict[str, Any], strings: dict[str, str]) -> None:
        super().__init__()
        self._name = "PageSetup"
        self.symbology = symbology
        self.strings = strings
        self._template = template("page_setup.j2")


class BaseLabels(DirectMacro):
    """The base map's labels (see :mod:`siversk_map.cartography`), placed by the page's script.

    Parameters
    ----------
    labels : list of dict
        :meth:`siversk_map.cartography.Label.to_json` of each label, most important first.
    """

    def __init__(self, labels: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "BaseLabels"
        self.labels = labels
        self._template = template("base_labels.j2")


class MapSetup(DirectMacro):
    """Hatch patterns, the north arrow and the initial view."""

    def __init__(self, bounds: list[list[float]] | None = None) -> None:
        super().__init__()
        self._name = "MapSetup"
        self.bounds = bounds
        self._template = template("map_setup.j2")


class ControlBox(DirectMacro):
    """A box of HTML (already escaped by its own template) placed as a Leaflet control.

    Parameters
    ----------
    body : markupsafe.Markup
        The box's content, rendered by an autoescaping template.
    position : str
        Leaflet control position (``topleft``, ``topright``, ``bottomleft``, ``bottomright``).
    css_class : str
        Extra CSS class.
    """

    def __init__(self, body: Markup, position: str, css_class: str = "") -> None:
        super().__init__()
        self._name = "ControlBox"
        if not isinstance(body, Markup):
            raise TypeError("ControlBox takes Markup rendered by an escaping template")
        self.body = body
        self.position = position
        self.css_class = css_class
        self._template = template("control_box.j2")


def freeze_ids(root: Element) -> None:
    """Give every element of a tree a deterministic id, so two builds are byte-identical.

    folium draws element ids from ``os.urandom``; the ids only need to be unique in a page.
    """
    counter = itertools.count(1)

    def walk(element: Element) -> None:
        element._id = f"{next(counter):04d}"
        for child in list(element._children.values()):
            walk(child)
        if isinstance(element, Figure):
            for part in (element.header, element.html, element.script):
                walk(part)

    walk(root)
