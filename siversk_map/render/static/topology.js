/* siversk-map: decode the shared, quantised arcs of a timeline page (see render/topology.py).
 *
 * topology = {scale, translate: [x0, y0], arcs: {counts: [n, ...], data: "<base64>"}}: every
 * point of the arcs, end to end, is its difference to the point before (the first from 0, 0),
 * each number a zig-zag varint (7 bits per byte, low bits first). A geometry names its arcs:
 * k as stored, ~k (that is -k - 1) walked backwards; its references come packed as varints of
 * their differences ({type, refs, shape}). Rings and lines join their arcs end to start. */
(function (global, ns) {
  "use strict";

  function readBytes(text) {
    var raw = global.atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  // A reader of zig-zag varints. Numbers stay below 2^53: shifts are done by multiplication,
  // not with JavaScript's 32-bit operators.
  function varints(text) {
    var bytes = readBytes(text), at = 0;
    return {
      next: function () {
        var value = 0, factor = 1, byte;
        do {
          byte = bytes[at++];
          value += (byte & 0x7f) * factor;
          factor *= 128;
        } while (byte & 0x80);
        return value % 2 === 1 ? -(value + 1) / 2 : value / 2;
      },
      done: function () { return at === bytes.length; }
    };
  }

  // An object's arc references from their packed form {type, refs, shape} (pack_object).
  function unpack(obj) {
    if (obj.refs === undefined) { return obj; }
    var reader = varints(obj.refs), last = 0;
    function take(n) {
      var out = new Array(n);
      for (var k = 0; k < n; k++) { last += reader.next(); out[k] = last; }
      return out;
    }
    var arcs, shape = obj.shape;
    if (typeof shape === "string") {  // varints: the number of rings, then their lengths
      var head = varints(shape), list = function () {
        var n = head.next(), out = [];
        for (var k = 0; k < n; k++) { out.push(head.next()); }
        return out;
      };
      if (obj.type === "MultiPolygon") {
        var polys = head.next();
        shape = [];
        for (var q = 0; q < polys; q++) { shape.push(list()); }
      } else { shape = list(); }
    }
    if (obj.type === "LineString") { arcs = take(shape); }
    else if (obj.type === "Polygon" || obj.type === "MultiLineString") { arcs = shape.map(take); }
    else { arcs = shape.map(function (poly) { return poly.map(take); }); }
    return { type: obj.type, arcs: arcs };
  }

  // The arcs as grid points from the origin: plain (every point its difference to the one
  // before), or written as runs against another topology's arcs (render/topology_runs.py).
  function gridArcs(topology, base) {
    var reader = varints(topology.arcs.data), next = reader.next;
    var x0 = topology.translate[0], y0 = topology.translate[1];
    var counts = topology.arcs.counts, grid = [], k, p, n, x = 0, y = 0;
    if (topology.arcs.base === undefined) {
      for (k = 0; k < counts.length; k++) {
        n = counts[k];
        var pts = new Array(n);
        for (p = 0; p < n; p++) { x += next(); y += next(); pts[p] = [x0 + x, y0 + y]; }
        grid.push(pts);
      }
    } else {
      if (!base) { throw new Error("topology: these arcs copy another topology's"); }
      // Operations give every arc's points end to end; the counts split them into arcs.
      var all = [], cx = 0, cy = 0;
      while (!reader.done()) {
        var t = next();
        if (t < 0) {
          for (p = 0; p < -t; p++) { cx += next(); cy += next(); all.push([x0 + cx, y0 + cy]); }
          continue;
        }
        var from = base.grid[(t - 1) >> 1], back = t % 2 === 0;
        var start = next(), size = next(), last = from.length - 1;
        for (p = start; p < start + size; p++) { all.push(from[back ? last - p : p]); }
        cx = all[all.length - 1][0] - x0; cy = all[all.length - 1][1] - y0;
      }
      var sizes = varints(counts), at = 0;
      while (!sizes.done()) { n = sizes.next(); grid.push(all.slice(at, at + n)); at += n; }
      if (at !== all.length) { throw new Error("topology: arc data and counts disagree"); }
    }
    if (!reader.done()) { throw new Error("topology: arc data and counts disagree"); }
    return grid;
  }

  // A decoded topology: its arcs (lon/lat), their grid points, and geometry(object). `base`:
  // the decoded topology whose arcs these copy, when they are written as runs.
  function decode(topology, base) {
    var scale = topology.scale;
    var grid = gridArcs(topology, base);
    var arcs = grid.map(function (pts) {
      // Rounded to the grid's decimals so the text of a coordinate matches the Python side.
      return pts.map(function (q) {
        return [Number((q[0] * scale).toFixed(10)), Number((q[1] * scale).toFixed(10))];
      });
    });

    function path(refs) {
      var out = [];
      refs.forEach(function (ref, n) {
        var arc = ref >= 0 ? arcs[ref] : arcs[~ref].slice().reverse();
        for (var p = n === 0 ? 0 : 1; p < arc.length; p++) { out.push(arc[p]); }
      });
      return out;
    }
    function rings(list) { return list.map(path); }

    // A GeoJSON geometry from a topology object ({type, arcs}); other geometries as they are.
    function geometry(packed) {
      var obj = unpack(packed);
      switch (obj.type) {
        case "LineString": return { type: obj.type, coordinates: path(obj.arcs) };
        case "MultiLineString": return { type: obj.type, coordinates: obj.arcs.map(path) };
        case "Polygon": return { type: obj.type, coordinates: rings(obj.arcs) };
        case "MultiPolygon": return { type: obj.type, coordinates: obj.arcs.map(rings) };
        default: return obj;
      }
    }
    return { arcs: arcs, grid: grid, geometry: geometry };
  }

  // A packed object's shape and references as one list (render/timeline_pack.py, flat_refs).
  function flatten(packed) {
    var obj = unpack(packed), out = [obj.arcs.length];
    if (obj.type === "LineString") { return out.concat(obj.arcs); }
    var polys = obj.type === "MultiPolygon" ? obj.arcs : [obj.arcs];
    var refs = [];
    polys.forEach(function (poly) {
      if (obj.type === "MultiPolygon") { out.push(poly.length); }
      poly.forEach(function (ring) { out.push(ring.length); refs = refs.concat(ring); });
    });
    return out.concat(refs);
  }

  // {type, arcs} from a flat list (inverse of flatten).
  function unflatten(type, flat) {
    var at = 1;
    function take(n) { var out = flat.slice(at, at + n); at += n; return out; }
    if (type === "LineString") { return { type: type, arcs: flat.slice(1, 1 + flat[0]) }; }
    var shape = [];
    if (type === "MultiPolygon") {
      for (var p = 0; p < flat[0]; p++) { shape.push(flat.slice(at + 1, at + 1 + flat[at])); at += 1 + flat[at]; }
    } else { shape = flat.slice(1, 1 + flat[0]); at = 1 + flat[0]; }
    var arcs = type === "MultiPolygon"
      ? shape.map(function (poly) { return poly.map(take); }) : shape.map(take);
    return { type: type, arcs: arcs };
  }

  // A flat list rebuilt from the earlier one and its edit: runs of (count inserted, the values,
  // each as its difference to the value inserted before, jump in the earlier list, count
  // copied from there).
  function applyEdit(base, edit) {
    var reader = varints(edit), out = [], at = 0, last = 0;
    while (!reader.done()) {
      var n = reader.next();
      for (var k = 0; k < n; k++) { last += reader.next(); out.push(last); }
      at += reader.next();
      var size = reader.next();
      for (var c = 0; c < size; c++) { out.push(base[at + c]); }
      at += size;
    }
    return out;
  }

  ns.topology = { decode: decode, unpack: unpack, flatten: flatten, unflatten: unflatten,
                 applyEdit: applyEdit, varints: varints };
})
