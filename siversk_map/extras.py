"""Optional dependencies: checked before any work, named by the extra that installs them."""

from __future__ import annotations

import importlib.util

from .errors import MissingExtraError

__all__ = ["require_extra"]

#: What each extra of ``pyproject.toml`` brings, and for what.
EXTRAS: dict[str, tuple[str, str]] = {
    "browser": ("playwright", "the browser renderer (--renderer browser)"),
    "video": ("imageio_ffmpeg", "MP4 animations"),
    "parquet": ("pyarrow", "GeoParquet layers"),
}


def require_extra(extra: str) -> None:
    """Raise :class:`MissingExtraError` naming ``extra`` unless its module can be imported.

    Parameters
    ----------
    extra : str
        A key of :data:`EXTRAS`.

    Raises
    ------
    MissingExtraError
        The module is not installed; the message says what to install.

    Examples
    --------
    >>> require_extra("video") is None
    True
    """
    module, purpose = EXTRAS[extra]
    if importlib.util.find_spec(module) is None:
        raise MissingExtraError(
            f"{purpose} needs the {extra!r} extra: pip install 'siversk-map[{extra}]'"
        )
