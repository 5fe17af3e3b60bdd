"""The timeline page's optional online tile layer, resolved from a name or a URL template."""

from __future__ import annotations

from typing import Any

import xyzservices
from markupsafe import escape

__all__ = ["resolve_tiles"]


def resolve_tiles(tiles: str | None) -> dict[str, Any] | None:
    """URL template and attribution of an online tile layer (folium's naming rules).

    Parameters
    ----------
    tiles : str or None
        An xyzservices provider name (``OpenStreetMap``, ``CartoDB Positron``, ...) or an
        ``http(s)://`` URL template with ``{z}``, ``{x}`` and ``{y}``.

    Returns
    -------
    dict or None
        ``{"name", "url", "attribution", "max_zoom", "subdomains"}``; None without tiles.

    Raises
    ------
    ValueError
        When the name is neither a known provider nor a URL template.

    Examples
    --------
    >>> resolve_tiles("OpenStreetMap")["url"]
    'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
    """
    if not tiles:
        return None
    query = "OpenStreetMap Mapnik" if tiles.lower() == "openstreetmap" else tiles
    try:
        provider = xyzservices.providers.query_name(query)
    except ValueError:
        if tiles.startswith(("http://", "https://")) and all(
            part in tiles for part in ("{z}", "{x}", "{y}")
        ):
            return {
                "name": tiles,
                "url": tiles,
                # Leaflet shows attributions as HTML: a custom one is escaped text.
                "attribution": str(escape(tiles.split("/")[2])),
                "max_zoom": 19,
                "subdomains": "abc",
            }
        raise ValueError(f"unknown tile provider {tiles!r}") from None
    subdomains = provider.get("subdomains", "abc")
    return {
        "name": tiles,
        "url": provider.build_url(fill_subdomain=False, scale_factor=""),
        # xyzservices' attribution is trusted package HTML, not data.
        "attribution": provider.html_attribution,
        "max_zoom": int(provider.get("max_zoom", 19)),
        "subdomains": subdomains if isinstance(subdomains, str) else "".join(subdomains),
    }
