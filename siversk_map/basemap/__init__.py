"""OpenStreetMap base layers for any area, fetched with OSMnx (``siversk-map basemap``)."""

from .build import BasemapReport, build_basemap, layer_file
from .manifest import BasemapOptionsError
from .overpass import MissingExtraError, OverpassError

__all__ = [
    "BasemapOptionsError",
    "BasemapReport",
    "MissingExtraError",
    "OverpassError",
    "build_basemap",
    "layer_file",
]
