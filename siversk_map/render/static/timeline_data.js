/* siversk-map timeline, part 1 of 6: the page's data and shared state (ns.tl).
 *
 * The data comes from the JSON script element #timeline-data (packed in the page and put
 * back by unpack.js before this runs; render/packed.py). Every value from it reaches the page through textContent, setAttribute or Leaflet
 * options, never innerHTML: markup or script in a name, source or note is shown as text.
 * The parts are joined at build time (render/assets.py) into one function that shares the
 * namespace `ns`; the page's one global is window.SiverskTimeline. */
(function (global, ns) {
  "use strict";

  var SM = ns.map;
  var el = SM.el;
  var D = JSON.parse(document.getElementById("timeline-data").textContent);
  if (!Array.isArray(D.dates)) {  // {from, days}: each date as the days after the one before
    var steps = ns.topology.varints(D.dates.days), day = Date.parse(D.dates.from + "T00:00:00Z");
    D.dates = [];
    while (!steps.done()) {
      day += steps.next() * 86400000;
      D.dates.push(new Date(day).toISOString().slice(0, 10));
    }
  }
  SM.setStrings(D.strings);
  SM.setSymbology(D.symbology);
  var T = SM.T;
  var N = D.dates.length;
  var TOPO = ns.topology.decode(D.topology);
  var CHANGES = ns.topology.decode(D.change_topology, TOPO);

  // Features come as a list, most stored against the previous feature of their chain
  // (render/timeline_pack.py): rebuild them by id, their arc references unpacked.
  (function () {
    if (!D.feature_ids) { return; }
    var TP = ns.topology, list = D.features, props = [], flats = [], byId = {};
    var ISO_DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;  // timeline_pack.py, _ISO
    var was = "";
    D.feature_ids = D.feature_ids.map(function (id) {
      if (typeof id !== "string") { id = was.slice(0, id[0]) + id[2] + was.slice(was.length - id[1]); }
      was = id;
      return id;
    });
    list.forEach(function (e, k) {
      var p, g = e.g, flat = null;
      if (e.b === undefined) { p = e.p; }
      else {
        var old = props[e.b];
        p = {};
        Object.keys(old).forEach(function (key) { p[key] = old[key]; });
        (e.x || []).forEach(function (key) { delete p[key]; });
        Object.keys(e.s || {}).forEach(function (key) { p[key] = e.s[key]; });
        // Dates as days from the earlier ones; one number: every date kept moved by it.
        var days = e.d || {};
        if (typeof days === "number") {
          var by = days;
          days = {};
          Object.keys(p).forEach(function (key) {
            if (typeof old[key] === "string" && ISO_DAY.test(old[key])) { days[key] = by; }
          });
        }
        Object.keys(days).forEach(function (key) {
          var t = new Date(old[key] + "T00:00:00Z");
          t.setUTCDate(t.getUTCDate() + days[key]);
          p[key] = t.toISOString().slice(0, 10);
        });
        Object.keys(e.t || {}).forEach(function (key) {
          var t = e.t[key], was = old[key];
          p[key] = was.slice(0, t[0]) + t[2] + was.slice(was.length - t[1]);
        });
      }
      if (g && g.edit !== undefined) {
        flat = TP.applyEdit(flats[e.b], g.edit);
        g = TP.unflatten(list[e.b].type, flat);
      } else if (g && g.refs !== undefined) {
        flat = TP.flatten(g);
      }
      props.push(p);
      flats.push(flat);
      e.type = g ? g.type : null;
      var id = D.feature_ids[k];
      byId[id] = { type: "Feature", id: id, properties: p, geometry: g };
    });
    D.features = byId;
    var ids = D.feature_ids;
    function name(k) { return ids[k]; }
    // A state holds the keys that changed since the date before; add, drop, events are its own.
    var prev = {};
    D.states = D.states.map(function (delta, i) {
      var st = {};
      Object.keys(prev).forEach(function (key) { st[key] = prev[key]; });
      (delta.x || []).forEach(function (key) { delete st[key]; });
      Object.keys(delta).forEach(function (key) { if (key !== "x") { st[key] = delta[key]; } });
      prev = st;
      var out = {};
      Object.keys(st).forEach(function (key) { out[key] = st[key]; });
      out.date = D.dates[i];
      out.add = {};
      Object.keys(delta.add || {}).forEach(function (g) { out.add[g] = delta.add[g].map(name); });
      out.drop = (delta.drop || []).map(name);
      out.events = (delta.events || []).map(name);
      out.sources = (st.sources || []).map(function (k) { return D.sources[k]; });
      return out;
    });
    // Faces: the dates each group flips on, as varints (count, then each date's difference
    // to the one before).
    Object.keys(D.faces || {}).forEach(function (side) {
      var F = D.faces[side];
      if (typeof F.flips !== "string") { return; }
      var reader = ns.topology.varints(F.flips), groups = [];
      while (!reader.done()) {
        var n = reader.next(), dates = [], d = 0;
        for (var k = 0; k < n; k++) { d += reader.next(); dates.push(d); }
        groups.push(dates);
      }
      F.flips = groups;
    });
    // Pairs: [{side: [gained, lost, gained_km2, lost_km2]}, [km, origin, head, tolerance_m]]
    // (tolerance_m left out: advance_tolerance_m); a list: row k is the pair k-(k+1).
    if (Array.isArray(D.pairs)) {
      var rows = D.pairs;
      D.pairs = {};
      rows.forEach(function (row, k) { D.pairs[k + "-" + (k + 1)] = row; });
    }
    Object.keys(D.pairs).forEach(function (key) {
      var row = D.pairs[key], sides = {};
      Object.keys(row[0]).forEach(function (side) {
        var v = row[0][side];
        sides[side] = { gained: v[0], lost: v[1], gained_km2: v[2], lost_km2: v[3] };
      });
      var a = row[1];
      D.pairs[key] = { sides: sides, advance: a ? {
        km: a[0], origin: a[1], head: a[2], tolerance_m: a.length > 3 ? a[3] : D.advance_tolerance_m
      } : null };
    });
  })();

  // Each date carries what changed since the previous one; rebuild the full lists once.
  (function () {
    var shown = {};
    D.states.forEach(function (st) {
      st.drop.forEach(function (id) { delete shown[id]; });
      Object.keys(st.add).forEach(function (g) {
        st.add[g].forEach(function (id) { shown[id] = g; });
      });
      var groups = {};
      Object.keys(shown).sort().forEach(function (id) {
        (groups[shown[id]] = groups[shown[id]] || []).push(id);
      });
      st.groups = groups;
    });
  })();

  // A dated feature with its geometry decoded from the shared arcs. The decoded copy is not
  // kept here: the map's bounded cache of drawn dates holds it while it is drawn.
  function feature(id) {
    var f = D.features[id], g = f.geometry;
    if (g && (g.refs !== undefined || g.arcs !== undefined)) {
      return { type: "Feature", id: f.id, properties: f.properties, geometry: TOPO.geometry(g) };
    }
    return f;
  }
  var SIDES = ["ru", "ua", "contested"];
  var HASH_DELAY_MS = 150;

  function byId(id) { return document.getElementById(id); }

  var cur = { i: Math.max(0, N - 1), a: Math.max(0, N - 2), compare: false, mode: "side",
              timer: null, swipeX: 0.5, panelOpen: true };

  function clamp(i) { return Math.max(0, Math.min(N - 1, i | 0)); }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  // Makes live's children equal to fresh's (built detached) by touching only what differs: a
  // node of the same kind keeps its place and gets fresh's text, attributes and click handler
  // (onclick), so a date step restyles and lays out only the figures that changed.
  function patch(live, fresh) {
    var a = live.firstChild, b = fresh.firstChild;
    while (b) {
      var nextB = b.nextSibling;
      if (!a) {
        live.appendChild(b);
      } else if (a.nodeType === b.nodeType && a.nodeName === b.nodeName &&
                 (a.nodeType === 1 || a.nodeType === 3)) {
        if (a.nodeType === 3) {
          if (a.nodeValue !== b.nodeValue) { a.nodeValue = b.nodeValue; }
        } else {
          syncAttributes(a, b);
          if (a.onclick !== b.onclick) { a.onclick = b.onclick; }
          patch(a, b);
        }
        a = a.nextSibling;
      } else {
        var nextA = a.nextSibling;
        live.replaceChild(b, a);
        a = nextA;
      }
      b = nextB;
    }
    while (a) { var rest = a.nextSibling; live.removeChild(a); a = rest; }
  }
  function syncAttributes(a, b) {
    var k, name;
    for (k = a.attributes.length - 1; k >= 0; k--) {
      name = a.attributes[k].name;
      if (!b.hasAttribute(name)) { a.removeAttribute(name); }
    }
    for (k = 0; k < b.attributes.length; k++) {
      name = b.attributes[k].name;
      if (a.getAttribute(name) !== b.attributes[k].value) { a.setAttribute(name, b.attributes[k].value); }
    }
  }
  function fmt(value, digits) {
    return value === null || value === undefined ? "\u2013" : Number(value).toFixed(digits);
  }
  function signed(value, digits) {
    if (value === null || value === undefined) { return "\u2013"; }
    var text = Math.abs(value).toFixed(digits);
    if (Number(text) === 0) { return text; }
    return (value > 0 ? "+" : "\u2212") + text;
  }
  function collection(features) { return { type: "FeatureCollection", features: features }; }

  ns.tl = {
    SM: SM, el: el, D: D, T: T, N: N, TOPO: TOPO, CHANGES: CHANGES, feature: feature,
    SIDES: SIDES, HASH_DELAY_MS: HASH_DELAY_MS, byId: byId, cur: cur, clamp: clamp, clear: clear,
    fmt: fmt, signed: signed, patch: patch, collection: collection
  };
})
