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
        return collection([{ type: "Feature", geometry: faceGeometry(index.side, index.faces),
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
      var F = D.faces[side], gained = [], lost = [], g = 0, l = 0;
      var before = D.states[from].areas, after = D.states[to].areas;
      if (!(side in before) && !(side in after)) { return; }
      F.km2.forEach(function (a, k) {
        var was = faceHeld(F.flips[k], from), now = faceHeld(F.flips[k], to);
        if (now && !was) { gained.push(k); g += a; } else if (was && !now) { lost.push(k); l += a; }
      });
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
})
