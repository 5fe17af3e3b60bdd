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

  // The squared distance of nearestOn, worked the same way (no array made).
  function dist2On(s, x, y) {
    var dx = s[2] - s[0], dy = s[3] - s[1], len = dx * dx + dy * dy;
    var t = len > 0 ? ((x - s[0]) * dx + (y - s[1]) * dy) / len : 0;
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    var px = s[0] + t * dx, py = s[1] + t * dy;
    return (x - px) * (x - px) + (y - py) * (y - py);
  }

  // Segments bucketed in square cells (each in every cell its bounding box meets), so a query
  // reads the segments near a point instead of all of them. The answers are those of a scan of
  // every segment: the same minimum, ties going to the segment listed first.
  function Grid(segs) {
    var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity, k;
    for (k = 0; k < segs.length; k++) {
      var s = segs[k];
      minx = Math.min(minx, s[0], s[2]); maxx = Math.max(maxx, s[0], s[2]);
      miny = Math.min(miny, s[1], s[3]); maxy = Math.max(maxy, s[1], s[3]);
    }
    var w = Math.max(maxx - minx, 1e-9), h = Math.max(maxy - miny, 1e-9);
    // About two segments a cell, at most 1024 cells a side.
    var size = Math.max(Math.sqrt(w * h / Math.max(segs.length, 1)) * 1.4, Math.max(w, h) / 1024);
    this.segs = segs; this.x0 = minx; this.y0 = miny; this.size = size;
    this.nx = Math.floor(w / size) + 1; this.ny = Math.floor(h / size) + 1;
    this.cells = new Array(this.nx * this.ny);
    this.seen = new Int32Array(segs.length);
    this.stamp = 0;
    var eps = size * 1e-6;
    for (k = 0; k < segs.length; k++) {
      // Row by row, the columns the segment crosses in that row (a little wider: never fewer).
      var t = segs[k], ya = Math.min(t[1], t[3]), yb = Math.max(t[1], t[3]);
      var slope = t[3] !== t[1] ? (t[2] - t[0]) / (t[3] - t[1]) : null;
      for (var r = this.row(ya); r <= this.row(yb); r++) {
        var xa = Math.min(t[0], t[2]), xb = Math.max(t[0], t[2]);
        if (slope !== null) {
          var lo = Math.max(ya, miny + r * size), hi = Math.min(yb, miny + (r + 1) * size);
          var u = t[0] + (lo - t[1]) * slope, v = t[0] + (hi - t[1]) * slope;
          xa = Math.max(xa, Math.min(u, v)); xb = Math.min(xb, Math.max(u, v));
        }
        for (var c = this.col(xa - eps); c <= this.col(xb + eps); c++) {
          var at = r * this.nx + c;
          (this.cells[at] = this.cells[at] || []).push(k);
        }
      }
    }
  }
  Grid.prototype.col = function (x) {
    return Math.max(0, Math.min(this.nx - 1, Math.floor((x - this.x0) / this.size)));
  };
  Grid.prototype.row = function (y) {
    return Math.max(0, Math.min(this.ny - 1, Math.floor((y - this.y0) / this.size)));
  };
  Grid.prototype.next = function () {
    if (++this.stamp > 2e9) { this.seen.fill(0); this.stamp = 1; }
    return this.stamp;
  };
  // The segment nearest (x, y): [px, py, squared distance, index]. Cells are read in square
  // rings around the point's cell until no unread cell can hold a nearer segment.
  Grid.prototype.nearest = function (x, y) {
    var stamp = this.next(), seen = this.seen, segs = this.segs, size = this.size;
    var fx = Math.floor((x - this.x0) / size), fy = Math.floor((y - this.y0) / size);
    var best = Infinity, bestK = -1;
    // Rings wholly off the grid are skipped.
    var far = Math.max(0, -fx, fx - (this.nx - 1), -fy, fy - (this.ny - 1));
    for (var ring = far; ; ring++) {
      var cx0 = fx - ring, cx1 = fx + ring, cy0 = fy - ring, cy1 = fy + ring;
      for (var cy = Math.max(cy0, 0); cy <= Math.min(cy1, this.ny - 1); cy++) {
        var edge = cy === cy0 || cy === cy1;
        for (var cx = Math.max(cx0, 0); cx <= Math.min(cx1, this.nx - 1);
             cx += edge || cx === cx1 ? 1 : cx1 - cx) {
          var list = this.cells[cy * this.nx + cx];
          if (!list) { continue; }
          for (var n = 0; n < list.length; n++) {
            var k = list[n];
            if (seen[k] === stamp) { continue; }
            seen[k] = stamp;
            var d = dist2On(segs[k], x, y);
            if (d < best || (d === best && k < bestK)) { best = d; bestK = k; }
          }
        }
      }
      var covered = cx0 <= 0 && cy0 <= 0 && cx1 >= this.nx - 1 && cy1 >= this.ny - 1;
      if (covered) { break; }
      if (bestK >= 0) {
        // Every unread cell lies outside the square of rings read so far.
        var gap = Math.min(x - (this.x0 + cx0 * size), this.x0 + (cx1 + 1) * size - x,
                           y - (this.y0 + cy0 * size), this.y0 + (cy1 + 1) * size - y);
        if (gap > 0 && best <= gap * gap) { break; }
      }
    }
    if (bestK < 0) { return null; }
    var q = nearestOn(segs[bestK], x, y);
    return [q[0], q[1], q[2], bestK];
  };
  // Whether a segment lies within r of (x, y) (distance compared as the scan compares it).
  Grid.prototype.within = function (x, y, r) {
    var stamp = this.next(), seen = this.seen, segs = this.segs;
    for (var cy = this.row(y - r); cy <= this.row(y + r); cy++) {
      for (var cx = this.col(x - r); cx <= this.col(x + r); cx++) {
        var list = this.cells[cy * this.nx + cx];
        if (!list) { continue; }
        for (var n = 0; n < list.length; n++) {
          var k = list[n];
          if (seen[k] === stamp) { continue; }
          seen[k] = stamp;
          if (Math.sqrt(dist2On(segs[k], x, y)) <= r) { return true; }
        }
      }
    }
    return false;
  };
  // Even-odd test of (x, y) against the segments as ring edges (a segment [x1, y1, x2, y2] is
  // the edge from the ring's point before to its point), counting the crossings of a ray to
  // the east: only the cells of the point's row from its column on.
  Grid.prototype.inside = function (x, y) {
    if (y < this.y0 || y > this.y0 + this.ny * this.size) { return false; }
    var stamp = this.next(), seen = this.seen, segs = this.segs, c = false;
    var cy = this.row(y);
    for (var cx = this.col(x); cx < this.nx; cx++) {
      var list = this.cells[cy * this.nx + cx];
      if (!list) { continue; }
      for (var n = 0; n < list.length; n++) {
        var k = list[n];
        if (seen[k] === stamp) { continue; }
        seen[k] = stamp;
        var s = segs[k], ax = s[2], ay = s[3], bx = s[0], by = s[1];
        if ((ay > y) !== (by > y) && x < (bx - ax) * (y - ay) / (by - ay) + ax) { c = !c; }
      }
    }
    return c;
  };

  function distance(grid, x, y) {
    var q = grid.nearest(x, y);
    return q ? Math.sqrt(q[2]) : Infinity;
  }

  // Groups of polygons that share a vertex (faces of one gained part), as index lists.
  function parts(polygons) {
    var owner = polygons.map(function (_, k) { return k; });
    function root(k) { while (owner[k] !== k) { owner[k] = owner[owner[k]]; k = owner[k]; } return k; }
    var seen = new Map();  // x -> (y -> first polygon with the vertex)
    polygons.forEach(function (poly, k) {
      poly.forEach(function (ring) {
        ring.forEach(function (p) {
          var column = seen.get(p[0]);
          if (column === undefined) { column = new Map(); seen.set(p[0], column); }
          var first = column.get(p[1]);
          if (first !== undefined) { owner[root(k)] = root(first); } else { column.set(p[1], k); }
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
    var edgeList = segments(before, proj.forward);
    if (!edgeList.length) { return null; }
    var edges = new Grid(edgeList);
    // The gained parts that touch the earlier ground.
    var keep = [];
    parts(gained).forEach(function (members) {
      var touches = members.some(function (k) {
        return gained[k].some(function (ring) {
          return ring.some(function (p) {
            var q = proj.forward(p);
            return edges.within(q[0], q[1], TOUCH_M);
          });
        });
      });
      if (touches) { members.forEach(function (k) { keep.push(gained[k]); }); }
    });
    if (!keep.length) { return null; }
    var rings = [], outline = new Grid(segments(keep, proj.forward));
    keep.forEach(function (poly) {
      poly.forEach(function (ring) { rings.push(ring.map(proj.forward)); });
    });
    // Start from the vertices (the tips of salients, where the deepest point usually is).
    // A vertex is no farther than the vertex before plus the step between them: one that
    // cannot beat the best (by more than rounding) is not measured.
    var best = -1, head = null;
    rings.forEach(function (ring) {
      var bound = Infinity, last = null;
      ring.forEach(function (q) {
        if (last) { bound += Math.sqrt((q[0] - last[0]) * (q[0] - last[0]) +
                                       (q[1] - last[1]) * (q[1] - last[1])); }
        last = q;
        if (bound + 1e-6 < best) { return; }
        var d = distance(edges, q[0], q[1]);
        bound = d;
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
        var within = outline.inside(x, y);
        if (!within && distance(outline, x, y) > r) { continue; }  // misses the gained ground
        if (r <= tol) {
          // Settled: the gained point nearest the centre (within 2r of the cell's best).
          var p = within ? [x, y] : outline.nearest(x, y);
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
    var foot = edges.nearest(head[0], head[1]);
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
