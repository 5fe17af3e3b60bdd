"""Named layer groups in a figure: one ``<g id="...">`` per map layer in an SVG.

Artists are tagged with a layer name (:func:`tag`); :func:`group_layers` then draws each
layer's artists of an axes together, inside one group named after the layer, so a graphics
desk finds "front-line" or "labels" as one group in Illustrator or Inkscape.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from matplotlib.artist import Artist

__all__ = ["LayerGroup", "group_layers", "tag", "tagged"]

_KEY = "_siversk_layer"


def tag(artists: Iterable[Any] | Any, layer: str) -> None:
    """Mark artists (one or several) as part of ``layer``.

    Parameters
    ----------
    artists : Artist or iterable of Artist
    layer : str
        The group's name, e.g. ``"front-line"``.
    """
    items = [artists] if isinstance(artists, Artist) else list(artists)
    for artist in items:
        if isinstance(artist, Artist):
            setattr(artist, _KEY, layer)


class LayerGroup(Artist):
    """Draws its members in one renderer group named ``gid``.

    The members stay in their axes (visible, measurable) but the axes' own drawing of them is
    a no-op: the group draws them.

    Parameters
    ----------
    gid : str
        The group's name (its ``id`` in SVG).
    members : list of Artist
        Drawn in z-order.
    """

    def __init__(self, gid: str, members: list[Artist]) -> None:
        super().__init__()
        self.set_gid(gid)
        self.members = sorted(members, key=lambda a: a.get_zorder())
        self.set_zorder(min((a.get_zorder() for a in members), default=0))

    def draw(self, renderer: Any) -> None:
        """Draw every member inside one group."""
        if not self.get_visible():
            return
        renderer.open_group("layer", gid=self.get_gid())
        for member in self.members:
            if member.get_visible():
                type(member).draw(member, renderer)  # its own draw is a no-op for the axes
        renderer.close_group("layer")
        self.stale = False


def _drawn_by_group(renderer: Any) -> None:
    """The axes' draw of a group's member: nothing (its group draws it)."""


def group_layers(fig: Any) -> list[LayerGroup]:
    """Gather the tagged artists of each axes of ``fig`` into one :class:`LayerGroup` per layer.

    A layer drawn on several axes (the two panels of a comparison) gets one group per panel,
    named ``layer`` on the first and ``layer-2`` on the second.

    Returns
    -------
    list of LayerGroup
    """
    groups: list[LayerGroup] = []
    seen: dict[str, int] = {}
    for ax in fig.get_axes():
        by_layer: dict[str, list[Artist]] = {}
        for artist in ax.get_children():
            layer = getattr(artist, _KEY, None)
            if layer is not None and artist.get_visible():
                by_layer.setdefault(layer, []).append(artist)
        for layer, members in by_layer.items():
            seen[layer] = seen.get(layer, 0) + 1
            gid = layer if seen[layer] == 1 else f"{layer}-{seen[layer]}"
            for member in members:
                member.draw = _drawn_by_group  # type: ignore[method-assign]
            group = LayerGroup(gid, members)
            ax.add_artist(group)
            groups.append(group)
    return groups


@contextmanager
def tagged(ax: Any, layer: str) -> Iterator[None]:
    """Tag every artist added to ``ax`` inside the ``with`` block as part of ``layer``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    layer : str
    """
    before = {id(a) for a in ax.get_children()}
    yield
    tag([a for a in ax.get_children() if id(a) not in before], layer)
