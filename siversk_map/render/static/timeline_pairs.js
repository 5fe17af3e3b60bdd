/* siversk-map timeline, part 4 of 6: what a map shows on a date or between two dates: the
 * state, the other source, gained and lost ground and the deepest advance (stored pairs, or
 * added up from the faces of every stored change). */
(function (global, ns) {
  "use strict";

  var tl = ns.tl;
  var D = tl.D, T = tl.T, CHANGES = tl.CHANGES, feature = tl.feature, collection = tl.collection;

  function stateWanted(i) {
    var wanted = {};
    var groups = D.states[i].groups;
    Object.keys(groups).forEach(function (g) {
      wanted[g] = groups[g].map(function (id) {
        return ["f:" + id, function () { return collection([feature(id)]); }];
      });
    });
    addAgainst(wanted, i);
    return wanted;
  }

  // Adds to a wanted list one computed geometry (an index into D.geoms; -1 for none), drawn
  // as a feature with these properties the first time it is shown.
  function pushGeom(list, key, index, properties) {
    if (index !== null && typeof index === "object") {  // faces (facePair)
      list.push([key, function () {
        return collection([{ type: "Feature", geometry: dissolve(index.side, index.faces),
                             properties: properties }]);
      }]);
      return;
    }
    if (index < 0 || !D.geoms[index]) { return; }
    list.push([key, function () {
      return collection([{ type: "Feature", geometry: CHANGES.geometry(D.geoms[index]),
                           properties: properties }]);
    }]);
  }

  // ---- any pair: the faces every change is made of (timeline.py, _faces) ------------------

  var faceCoords = {};
  var FROM_FACES = -2;  // a stored pair's ground drawn from the faces (timeline_geometry.py)

  // The polygons of the groups of faces listed (a group's faces follow the group before).
  function faceGeometry(side, list) {
    var F = D.faces[side];
    if (!faceCoords[side]) {
      var all = CHANGES.geometry(D.geoms[F.geom]).coordinates, at = 0;
      faceCoords[side] = F.parts.map(function (n) { at += n; return all.slice(at - n, at); });
    }
    var groups = faceCoords[side], coords = [];
    list.forEach(function (k) { coords = coords.concat(groups[k]); });
    return { type: "MultiPolygon", coordinates: coords };
  }

  // The groups of faces listed drawn as one ground: the arcs two of their faces share (walked
  // in opposite directions: exteriors run anticlockwise, holes clockwise) are left out and the
  // rest joined into rings, each hole put in the smallest ring around it, so the ground has
  // no inner edges, as a pair drawn from its own geometry.
  var faceRefs = {};
  // The last grounds joined (both maps of Compare draw the same pair): key -> geometry.
  var joined = [], JOINED_KEEP = 8;
  function dissolve(side, list) {
    var key = side + "|" + list.join(",");
    for (var c = 0; c < joined.length; c++) {
      if (joined[c][0] === key) { return joined[c][1]; }
    }
    var geometry = join(side, list);
    joined.push([key, geometry]);
    if (joined.length > JOINED_KEEP) { joined.shift(); }
    return geometry;
  }

  // A map of points by their two coordinates (no text keys: a join reads thousands).
  function PointMap() { this.xs = new Map(); }
  PointMap.prototype.get = function (p) {
    var ys = this.xs.get(p[0]);
    return ys === undefined ? undefined : ys.get(p[1]);
  };
  PointMap.prototype.set = function (p, value) {
    var ys = this.xs.get(p[0]);
    if (ys === undefined) { ys = new Map(); this.xs.set(p[0], ys); }
    ys.set(p[1], value);
  };
  PointMap.prototype.remove = function (p) {
    var ys = this.xs.get(p[0]);
    if (ys !== undefined) { ys["delete"](p[1]); }
  };

  function join(side, list) {
    var F = D.faces[side];
    if (!faceRefs[side]) {
      var polys = ns.topology.unpack(D.geoms[F.geom]).arcs, at = 0;
      faceRefs[side] = F.parts.map(function (n) { at += n; return polys.slice(at - n, at); });
    }
    var net = {};
    list.forEach(function (k) {
      faceRefs[side][k].forEach(function (poly) {
        poly.forEach(function (ring) {
          ring.forEach(function (ref) {
            var a = ref >= 0 ? ref : ~ref;
            net[a] = (net[a] || 0) + (ref >= 0 ? 1 : -1);
          });
        });
      });
    });
    var G = CHANGES.grid, starts = new PointMap(), refs = [];
    Object.keys(net).forEach(function (a) {
      if (net[a] === 0) { return; }
      var ref = net[a] > 0 ? +a : ~a, pts = G[+a];
      var p = ref >= 0 ? pts[0] : pts[pts.length - 1];
      var here = starts.get(p);
      if (here === undefined) { starts.set(p, [ref]); } else { here.push(ref); }
      refs.push(ref);
    });
    var used = {}, rings = [];
    for (var r = 0; r < refs.length; r++) {
      if (used[refs[r]]) { continue; }
      var ring = [], ref = refs[r];
      while (ref !== undefined && !used[ref]) {
        used[ref] = true;
        var arc = ref >= 0 ? CHANGES.arcs[ref] : CHANGES.arcs[~ref].slice().reverse();
        var end = ref >= 0 ? G[ref][G[ref].length - 1] : G[~ref][0];
        for (var q = ring.length ? 1 : 0; q < arc.length; q++) { ring.push(arc[q]); }
        var next = starts.get(end) || [];
        ref = undefined;
        for (var n = 0; n < next.length; n++) {
          if (!used[next[n]]) { ref = next[n]; break; }
        }
      }
      Array.prototype.push.apply(rings, loops(ring));
    }
    function area(ring) {
      var s = 0;
      for (var i = 0; i + 1 < ring.length; i++) {
        s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      }
      return s / 2;
    }
    function inside(pt, ring) {
      var c = false;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a[1] > pt[1]) !== (b[1] > pt[1]) &&
            pt[0] < (b[0] - a[0]) * (pt[1] - a[1]) / (b[1] - a[1]) + a[0]) { c = !c; }
      }
      return c;
    }
    var outer = [], holes = [], outerArea = [], outerY = [];
    rings.forEach(function (ring) {
      var a = area(ring);
      if (a > 0) {
        outer.push(ring);
        outerArea.push(a);
        var lo = Infinity, hi = -Infinity;
        ring.forEach(function (pt) { lo = Math.min(lo, pt[1]); hi = Math.max(hi, pt[1]); });
        outerY.push([lo, hi]);
      } else { holes.push(ring); }
    });
    var polygons = outer.map(function (ring) { return [ring]; });
    holes.forEach(function (hole) {
      // A point of the hole off its own vertices: the middle of its first edge.
      var pt = [(hole[0][0] + hole[1][0]) / 2, (hole[0][1] + hole[1][1]) / 2];
      var best = -1, size = Infinity;
      outer.forEach(function (ring, k) {
        // Off a ring's rows no edge crosses the ray: outside, unread.
        if (pt[1] < outerY[k][0] || pt[1] >= outerY[k][1]) { return; }
        var a = outerArea[k];
        if (a < size && inside(pt, ring)) { best = k; size = a; }
      });
      if (best >= 0) { polygons[best].push(hole); }
    });
    return { type: "MultiPolygon", coordinates: polygons };
  }

  // A closed ring that passes a point twice (parts touching there) as simple rings.
  function loops(ring) {
    var stack = [], seen = new PointMap(), out = [];
    ring.forEach(function (p) {
      var at = seen.get(p);
      if (at !== undefined) {
        var loop = stack.splice(at);
        loop.forEach(function (q) { seen.remove(q); });
        loop.push(p);
        if (loop.length >= 4) { out.push(loop); }
      }
      seen.set(p, stack.length);
      stack.push(p);
    });
    return out;
  }

  // The groups of faces gained and lost by a side from date `from` to date `to`, and their
  // areas added up.
  function faceChange(side, from, to) {
    var F = D.faces[side], out = { gained: [], lost: [], g: 0, l: 0 };
    F.km2.forEach(function (a, k) {
      var was = faceHeld(F.flips[k], from), now = faceHeld(F.flips[k], to);
      if (now && !was) { out.gained.push(k); out.g += a; }
      else if (was && !now) { out.lost.push(k); out.l += a; }
    });
    return out;
  }

  // Whether a face is held on date d: its state flips on the dates listed (not held before).
  function faceHeld(flips, d) {
    var lo = 0, hi = flips.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (flips[mid] <= d) { lo = mid + 1; } else { hi = mid; }
    }
    return lo % 2 === 1;
  }

  // Gained and lost ground from date `from` to date `to`, from the faces (a pair not stored),
  // and the deepest advance, measured in the page.
  function facePair(from, to) {
    if (!D.faces || !Object.keys(D.faces).length) { return null; }
    var sides = {};
    Object.keys(D.faces).forEach(function (side) {
      var before = D.states[from].areas, after = D.states[to].areas;
      if (!(side in before) && !(side in after)) { return; }
      var c = faceChange(side, from, to), gained = c.gained, lost = c.lost, g = c.g, l = c.l;
      if (g < D.min_change_km2) { g = 0; gained = []; }
      if (l < D.min_change_km2) { l = 0; lost = []; }
      sides[side] = {
        gained: gained.length ? { side: side, faces: gained } : -1,
        lost: lost.length ? { side: side, faces: lost } : -1,
        gained_km2: Math.round(g * 1000) / 1000, lost_km2: Math.round(l * 1000) / 1000
      };
    });
    var ru = sides.ru;
    var advance = from < to && ru && ru.gained !== -1 ? faceAdvance(from, to, ru.gained.faces) : null;
    return { sides: sides, advance: advance, fromFaces: true };
  }

  // The deepest advance of a pair not stored, measured here (advance.js) as the data side
  // measures stored pairs: from the Russian-held ground of date `from` (its assessed control
  // zones, claims left out) into the faces gained since. Kept per pair once measured.
  var advances = {};
  function faceAdvance(from, to, gainedFaces) {
    var key = from + "-" + to;
    if (key in advances) { return advances[key]; }
    var before = [];
    Object.keys(D.states[from].groups).forEach(function (g) {
      D.states[from].groups[g].forEach(function (id) {
        var p = D.features[id].properties;
        if (p.layer !== "control" || p.side !== "ru" || p.status === "claimed") { return; }
        var geom = feature(id).geometry;
        if (geom.type === "Polygon") { before.push(geom.coordinates); }
        else if (geom.type === "MultiPolygon") { before = before.concat(geom.coordinates); }
      });
    });
    var gained = faceGeometry("ru", gainedFaces).coordinates;
    advances[key] = ns.advance.measure(before, gained, [D.center[1], D.center[0]],
                                                  D.advance_tolerance_m);
    return advances[key];
  }

  // The other source's outline and where it disagrees with this data set on date i.
  function addAgainst(wanted, i) {
    var ag = D.states[i].against;
    if (!ag) { return; }
    var list = wanted.against = [];
    var title = D.against.title;
    Object.keys(ag.sides).forEach(function (side) {
      var s = ag.sides[side];
      var label = D.side_labels[side] + "-held";
      [["other_outline", s.outline, s.b_km2, title + ": " + label + " ground (its snapshot of " + ag.date + ")"],
       ["disagree_a", s.a_only, s.a_only_km2, label + " in this data set only, not in " + title],
       ["disagree_b", s.b_only, s.b_only_km2, label + " in " + title + " only"]].forEach(function (c) {
        pushGeom(list, c[0] + ":" + side + ":" + i, c[1], {
          layer: c[0], side: side, date: D.dates[i], _area_km2: c[2], name: c[3],
          source: c[0] === "other_outline" ? title : D.computed_source });
      });
    });
  }

  // The pair (from, to) in either order: stored once for i < j, reversed by swapping; null
  // when it was not precomputed (long series keep consecutive pairs only).
  function pair(from, to) {
    var lo = Math.min(from, to), hi = Math.max(from, to);
    var entry = D.pairs[lo + "-" + hi];
    if (!entry) { return facePair(from, to); }
    var sides = {};
    Object.keys(entry.sides).forEach(function (side) {
      var s = entry.sides[side];
      if (s.gained === FROM_FACES || s.lost === FROM_FACES) {
        // Stored figures; the ground itself is the faces that flip between the two dates.
        var c = D.faces && D.faces[side] ? faceChange(side, lo, hi) : { gained: [], lost: [] };
        s = { gained: s.gained === FROM_FACES ? { side: side, faces: c.gained } : s.gained,
              lost: s.lost === FROM_FACES ? { side: side, faces: c.lost } : s.lost,
              gained_km2: s.gained_km2, lost_km2: s.lost_km2 };
      }
      sides[side] = from < to ? s : { gained: s.lost, lost: s.gained, gained_km2: s.lost_km2,
                                      lost_km2: s.gained_km2 };
    });
    return { sides: sides, advance: from < to ? entry.advance : null };
  }

  function addChange(wanted, from, to) {
    if (from === null || from === to) { return; }
    var p = pair(from, to);
    if (!p) { return; }
    var span = D.dates[from] + " \u2192 " + D.dates[to];
    Object.keys(p.sides).forEach(function (side) {
      var s = p.sides[side];
      var list = wanted["change_" + side] = wanted["change_" + side] || [];
      [["gain", s.gained, s.gained_km2, "gained"], ["loss", s.lost, s.lost_km2, "lost"]].forEach(function (c) {
        pushGeom(list, c[0] + ":" + side + ":" + from + ":" + to, c[1], {
          layer: c[0], side: side, date: D.dates[to], _area_km2: c[2], source: D.computed_source,
          name: D.side_labels[side] + "-held ground " + c[3] + ", " + span });
      });
    });
    var adv = p.advance;
    if (adv) {
      (wanted.measure = wanted.measure || []).push(["adv:" + from + ":" + to, function () {
        return collection([{ type: "Feature", geometry: { type: "LineString", coordinates: [
          [adv.origin[1], adv.origin[0]], [adv.head[1], adv.head[0]]] }, properties: {
          layer: "measure", name: T("Deepest Russian advance") + ", " + span, date: D.dates[to],
          _length_km: adv.km, source: D.computed_source,
          note: T("Farthest newly held point from the ground held on {day} (to within {m} m)")
            .replace("{day}", D.dates[from]).replace("{m}", adv.tolerance_m) } }]);
      }]);
    }
  }

  tl.stateWanted = stateWanted;
  tl.addChange = addChange;
  tl.pair = pair;
  tl.facePair = facePair;
  tl.dissolve = dissolve;
})
