"""Importers of public front-line archives into the project's layer format.

One module per source format (:mod:`.deepstate_daily`, :mod:`.deepstate_raw`, :mod:`.isw`,
:mod:`.generic`), over one engine (:mod:`.base`) and shared source handling (:mod:`.sources`:
files, folders, globs, ``.gz``, ``.zip``, HTTP(S) with a cache). :func:`import_sources` reads,
clips to the area of interest, reports and writes a data-set folder; :func:`read_sources`
returns the features without writing.

Examples
--------
>>> from siversk_map.importers import FORMATS
>>> sorted(FORMATS)
['deepstate-daily', 'deepstate-raw', 'generic', 'isw']
"""

from .base import FileDate, ImportedFeature, ImportOptionsError, ImportResult
from .deepstate_raw import classify_deepstate_name
from .generic import MapRule, parse_map_rule
from .isw import classify_isw_layer
from .pipeline import (
    FORMATS,
    NothingImportedError,
    import_sources,
    parse_aoi,
    read_sources,
    render_files,
)
from .report import FileReport, ImportReport
from .sources import CACHE_ENV, FetchOptions, SourceFile, default_cache_dir, open_sources

__all__ = [
    "CACHE_ENV",
    "FORMATS",
    "FetchOptions",
    "FileDate",
    "FileReport",
    "ImportOptionsError",
    "ImportReport",
    "ImportResult",
    "ImportedFeature",
    "MapRule",
    "NothingImportedError",
    "SourceFile",
    "classify_deepstate_name",
    "classify_isw_layer",
    "default_cache_dir",
    "import_sources",
    "open_sources",
    "parse_aoi",
    "parse_map_rule",
    "read_sources",
    "render_files",
]
