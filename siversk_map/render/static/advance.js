/* siversk-map: the deepest advance between two dates, measured in the page.
 *
 * The page stores the deepest advance of the pairs of dates it precomputed (measure.py,
 * AdvanceMeter); for any other pair it measures it here, the same way: the point of the gained
 * ground farthest from the ground held before, found by a branch-and-bound over square cells
 * to within a tolerance. Only gained parts that touch the earlier ground count (ground taken
 * elsewhere is no advance from the line).
 *
 * Distances are in a local projection centred on the area (metres east and north, the east
 * scaled by the cosine of the latitude: under 0.1 % off within 50 km of the centre), and the
 * final length is the great-circle distance between the two ends.
 */
(function (global, ns) {
  "use strict";

  var R = 6371008.8;  // mean Earth radius, metres
  var RAD = Math.PI / 180;
  var TOUCH_M = 1.0;  // a gained part whose vertex lies this close to the earlier ground touches it

  function projector(centre) {
    var lon0 = centre[0], lat0 = centre[1], k = Math.cos(lat0 * RAD);
    return {
      forward: function (p) { return [(p[0] - lon0) * RAD * R * k, (p[1] - lat0) * RAD * R]; },
      back: function (q) { return [lon0 + q[0] / (RAD * R * k), lat0 + q[1] / (RAD * R)]; }
    };
  }

  // Segments [x1, y1, x2, y2] of every ring of a list of polygons (projected).
  function segments(polygons, forward) {
    var out = [];
    polygons.forEach(function (poly) {
      poly.forEach(function (ring) {
        var prev = null;
        ring.forEach(function (p) {
          var q = forward(p);
          if (prev) { out.push([prev[0], prev[1], q[0], q[1]]); }
          prev = q;
        });
      });
    });
    return out;
  }

  // The point of segment s nearest (x, y), and its squared distance.
  function nearestOn(s, x, y) {
    var dx = s[2] - s[0], dy = s[3] - s[1], len = dx * dx + dy * dy;
    var t = len > 0 ? ((x - s[0]) * dx + (y - s[1]) * dy) / len : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    var px = s[0] + t * dx, py = s[1] + t * dy;
    return [px, py, (x - px) * (x - px) + (y - py) * (y - py)];
  }

  function distance(segs, x, y) {
    var best = Infinity;
    for (var k = 0; k < segs.length; k++) {
      var d = nearestOn(segs[k], x, y)[2];
      if (d < best) { best = d; }
    }
    return Math.sqrt(best);
  }

  function nearestPoint(segs, x, y) {
    var best = null;
    for (var k = 0; k < segs.length; k++) {
      var n = nearestOn(segs[k], x, y);
      if (!best || n[2] < best[2]) { best = n; }
    }
    return best;
  }

  // Even-odd test of (x, y) against every ring of the projected polygons.
  function inside(rings, x, y) {
    var c = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a[1] > y) !== (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
          c = !c;
        }
      }
    });
    return c;
  }

  // Groups of polygons that share a vertex (faces of one gained part), as index lists.
  function parts(polygons) {
    var owner = polygons.map(function (_, k) { return k; });
    function root(k) { while (owner[k] !== k) { owner[k] = owner[owner[k]]; k = owner[k]; } return k; }
    var seen = {};
    polygons.forEach(function (poly, k) {
      poly.forEach(function (ring) {
        ring.forEach(function (p) {
          var key = p[0] + "," + p[1];
          if (key in seen) { owner[root(k)] = root(seen[key]); } else { seen[key] = k; }
        });
      });
    });
    var groups = {};
    polygons.forEach(function (_, k) { (groups[root(k)] = groups[root(k)] || []).push(k); });
    return Object.keys(groups).map(function (g) { return groups[g]; });
  }

  function greatCircleKm(a, b) {
    var p1 = a[1] * RAD, p2 = b[1] * RAD, dp = p2 - p1, dl = (b[0] - a[0]) * RAD;
    var h = Math.sin(dp / 2) * Math.sin(dp / 2) +
            Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h))) / 1000;
  }

  /**
   * The deepest advance into `gained` from `before` (both lists of GeoJSON polygon coordinates,
   * lon/lat), or null when no gained part touches the earlier ground.
   * Returns {km, origin: [lat, lon], head: [lat, lon], tolerance_m}.
   */
  function measure(before, gained, centre, toleranceM) {
    if (!before.length || !gained.length) { return null; }
    var tol = Math.max(toleranceM || 50, 1e-3);
    var proj = projector(centre);
    var edges = segments(before, proj.forward);
    if (!edges.length) { return null; }
    // The gained parts that touch the earlier ground.
    var keep = [];
    parts(gained).forEach(function (members) {
      var touches = members.some(function (k) {
        return gained[k].some(function (ring) {
          return ring.some(function (p) {
            var q = proj.forward(p);
            return distance(edges, q[0], q[1]) <= TOUCH_M;
          });
        });
      });
      if (touches) { members.forEach(function (k) { keep.push(gained[k]); }); }
    });
    if (!keep.length) { return null; }
    var rings = [], outline = segments(keep, proj.forward);
    keep.forEach(function (poly) {
      poly.forEach(function (ring) { rings.push(ring.map(proj.forward)); });
    });
    // Start from the vertices (the tips of salients, where the deepest point usually is).
    var best = -1, head = null;
    rings.forEach(function (ring) {
      ring.forEach(function (q) {
        var d = distance(edges, q[0], q[1]);
        if (d > best) { best = d; head = q; }
      });
    });
    var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    rings.forEach(function (ring) {
      ring.forEach(function (q) {
        minx = Math.min(minx, q[0]); maxx = Math.max(maxx, q[0]);
        miny = Math.min(miny, q[1]); maxy = Math.max(maxy, q[1]);
      });
    });
    var size = Math.max(maxx - minx, maxy - miny, tol);
    var cells = [[minx + size / 2, miny + size / 2, size / 2]];  // centre x, y, half side
    var guard = 0;
    while (cells.length && guard++ < 200000) {
      var next = [];
      for (var c = 0; c < cells.length; c++) {
        var x = cells[c][0], y = cells[c][1], h = cells[c][2], r = h * Math.SQRT2;
        var d = distance(edges, x, y);
        if (d + r <= best + tol) { continue; }  // cannot beat the best by more than tol
        var within = inside(rings, x, y);
        if (!within && distance(outline, x, y) > r) { continue; }  // misses the gained ground
        if (r <= tol) {
          // Settled: the gained point nearest the centre (within 2r of the cell's best).
          var p = within ? [x, y] : nearestPoint(outline, x, y);
          var dp = within ? d : distance(edges, p[0], p[1]);
          if (dp > best) { best = dp; head = [p[0], p[1]]; }
          continue;
        }
        var q = h / 2;
        next.push([x - q, y - q, q], [x + q, y - q, q], [x - q, y + q, q], [x + q, y + q, q]);
      }
      cells = next;
    }
    if (!head) { return null; }
    var foot = nearestPoint(edges, head[0], head[1]);
    var headLL = proj.back(head), originLL = proj.back([foot[0], foot[1]]);
    return {
      km: Math.round(greatCircleKm(originLL, headLL) * 1000) / 1000,
      origin: [originLL[1], originLL[0]],
      head: [headLL[1], headLL[0]],
      tolerance_m: tol
    };
  }

  ns.advance = { measure: measure };
})
