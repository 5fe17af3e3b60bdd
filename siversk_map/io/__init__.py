"""Read layer files into raw features, and write outputs atomically.

Reading is strict: a file is parsed by hand-checked rules (no ``NaN``, no duplicated keys, known
``type`` members only, every position a pair of finite numbers) so that every problem can be
named with its file and feature. Nothing here judges the *schema* of properties: that is
:mod:`siversk_map.validate`'s job.

One job per module:

- :mod:`~siversk_map.io.features`: raw features, read results, the caps left to read;
- :mod:`~siversk_map.io.strict_json`: bytes within caps, strict JSON parsing, pre-scan;
- :mod:`~siversk_map.io.geojson`: GeoJSON structure and geometry checks;
- :mod:`~siversk_map.io.tables`: GeoPackage and GeoParquet layers;
- :mod:`~siversk_map.io.layers`: the layer files of a folder, one file in any format;
- :mod:`~siversk_map.io.atomic`: outputs written atomically.
"""

from __future__ import annotations

from .atomic import write_atomic
from .features import Budget, RawFeature, ReadResult, normalise_text, printable_name
from .geojson import GEOMETRY_TYPES, document_features, read_feature, read_geojson_document
from .layers import LAYER_SUFFIXES, iter_layer_files, read_layer_file
from .strict_json import (
    file_kind,
    parse_json_strict,
    prescan,
    read_json_strict,
    read_regular_file,
)

__all__ = [
    "GEOMETRY_TYPES",
    "LAYER_SUFFIXES",
    "Budget",
    "RawFeature",
    "ReadResult",
    "document_features",
    "file_kind",
    "iter_layer_files",
    "normalise_text",
    "parse_json_strict",
    "prescan",
    "printable_name",
    "read_feature",
    "read_geojson_document",
    "read_json_strict",
    "read_layer_file",
    "read_regular_file",
    "write_atomic",
]
