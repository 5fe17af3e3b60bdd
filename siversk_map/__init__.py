"""siversk-map: dated front-line layers around Siversk, composed per date, measured and mapped."""

from .compose import State
from .dataset import DataSet, bundled_data_path, load_dataset
from .errors import ExportError, Problem, SiverskMapError, ValidationError
from .export.html import export_site
from .export.snapshot import export_animation, export_report, export_snapshot
from .measure import Advance, Change, area_km2, distance_km, length_km

__version__ = "0.1.0"

__all__ = [
    "Advance",
    "Change",
    "DataSet",
    "ExportError",
    "Problem",
    "SiverskMapError",
    "State",
    "ValidationError",
    "__version__",
    "area_km2",
    "bundled_data_path",
    "distance_km",
    "export_animation",
    "export_report",
    "export_site",
    "export_snapshot",
    "length_km",
    "load_dataset",
]
