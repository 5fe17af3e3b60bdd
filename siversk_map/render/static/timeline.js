/* siversk-map timeline: step through every date of a data set, compare two dates.
 *
 * The data comes from the JSON script element #timeline-data (written with Jinja's
 * tojson). Every value from it reaches the page through textContent, setAttribute or Leaflet
 * options, never innerHTML: markup or script in a name, source or note is shown as text.
 * Leaflet layers are made once per feature and cached; a date step only adds and removes the
 * layers that differ, so a step stays well inside one frame. */
(function (global) {
  "use strict";

  var SM = global.SiverskMap;
  var el = SM.el;
  var D = JSON.parse(document.getElementById("timeline-data").textContent);
  SM.setStrings(D.strings);
  SM.setSymbology(D.symbology);
  var T = SM.T;
  var N = D.dates.length;
  var TOPO = global.SiverskTopology.decode(D.topology);
  var CHANGES = global.SiverskTopology.decode(D.change_topology);

  // Features come as a list, most stored against the previous feature of their chain
  // (render/timeline_pack.py): rebuild them by id, their arc references unpacked.
  (function () {
    if (!D.feature_ids) { return; }
    var TP = global.SiverskTopology, list = D.features, props = [], flats = [], byId = {};
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
        Object.keys(e.d || {}).forEach(function (key) {
          var t = new Date(old[key] + "T00:00:00Z");
          t.setUTCDate(t.getUTCDate() + e.d[key]);
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
    // Pairs: [{side: [gained, lost, gained_km2, lost_km2]}, [km, origin, head, tolerance_m]].
    Object.keys(D.pairs).forEach(function (key) {
      var row = D.pairs[key], sides = {};
      Object.keys(row[0]).forEach(function (side) {
        var v = row[0][side];
        sides[side] = { gained: v[0], lost: v[1], gained_km2: v[2], lost_km2: v[3] };
      });
      var a = row[1];
      D.pairs[key] = { sides: sides, advance: a ? { km: a[0], origin: a[1], head: a[2],
                                                      tolerance_m: a[3] } : null };
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

  var ui = {
    date: byId("current-date"), slider: byId("tl-slider"), first: byId("tl-first"),
    prev: byId("tl-prev"), next: byId("tl-next"), last: byId("tl-last"), play: byId("tl-play"),
    speed: byId("tl-speed"), compare: byId("tl-compare"), bar: byId("tl-compare-bar"),
    dateA: byId("tl-date-a"), dateB: byId("tl-date-b"), swap: byId("tl-swap"),
    modeSide: byId("tl-mode-side"), modeSwipe: byId("tl-mode-swipe"), maps: byId("tl-maps"),
    mapRef: byId("tl-map-ref"), mapMain: byId("tl-map"), swipe: byId("tl-swipe"),
    labelA: byId("tl-label-a"), labelB: byId("tl-label-b"), panel: byId("tl-panel"),
    panelToggle: byId("tl-panel-toggle"), panelClose: byId("tl-panel-close"),
    figures: byId("tl-figures"), events: byId("tl-events"), chart: byId("tl-chart"),
    cursor: byId("tl-chart-cursor"), cursorRef: byId("tl-chart-ref"), pageLink: byId("tl-page-link"),
    dateField: byId("tl-date-field"), ticks: byId("tl-ticks"), hits: byId("tl-chart-hits"),
    points: byId("tl-chart-points")
  };

  // ---- built from the list of dates: options, slider ticks, chart points ------------------

  var SVG_NS = "http://www.w3.org/2000/svg";
  // Up to this many dates every date has a tick; past it, months and years.
  var TICK_EVERY_MAX = 60;

  (function buildDateControls() {
    [ui.dateA, ui.dateB].forEach(function (select) {
      var frag = document.createDocumentFragment();
      D.dates.forEach(function (d, k) {
        var option = document.createElement("option");
        option.value = String(k);
        option.textContent = d;
        frag.appendChild(option);
      });
      select.appendChild(frag);
    });
    var frag = document.createDocumentFragment();
    var span = Math.max(N - 1, 1);
    function at(k) { return (100 * k / span).toFixed(3) + "%"; }
    var lastYear = null, lastYearAt = -1e9, width = ui.slider.clientWidth || 800;
    D.dates.forEach(function (d, k) {
      var month = k === 0 || d.slice(0, 7) !== D.dates[k - 1].slice(0, 7);
      if (N <= TICK_EVERY_MAX || month) {
        var tick = el("span", N <= TICK_EVERY_MAX ? "tl-tick" : "tl-tick tl-month");
        tick.style.left = at(k);
        tick.setAttribute("title", N <= TICK_EVERY_MAX ? d : d.slice(0, 7));
        tick.setAttribute("data-i", String(k));
        frag.appendChild(tick);
      }
      if (d.slice(0, 4) !== lastYear) {
        // Each year is labelled at its first date or not at all (never under a later date).
        lastYear = d.slice(0, 4);
        if ((k - lastYearAt) / span * width >= 24 || lastYearAt < 0) {
          var year = el("span", "tl-year", lastYear);
          year.style.left = at(k);
          frag.appendChild(year);
          lastYearAt = k;
        }
      }
    });
    ui.ticks.appendChild(frag);
    var C = D.chart;
    if (!C) { return; }
    var hits = document.createDocumentFragment(), points = document.createDocumentFragment();
    D.chart_xs.forEach(function (x, k) {
      var rect = document.createElementNS(SVG_NS, "rect");
      rect.setAttribute("class", "tl-hit");
      rect.setAttribute("data-i", String(k));
      rect.setAttribute("x", String(Math.round((x - C.hit_w / 2) * 100) / 100));
      rect.setAttribute("y", String(C.top));
      rect.setAttribute("width", String(C.hit_w));
      rect.setAttribute("height", String(C.bottom - C.top));
      var title = document.createElementNS(SVG_NS, "title");
      title.textContent = D.dates[k];
      rect.appendChild(title);
      hits.appendChild(rect);
    });
    C.series.forEach(function (s) {
      s.i.forEach(function (k, n) {
        var side = s.side;
        var c = document.createElementNS(SVG_NS, "circle");
        c.setAttribute("class", "tl-pt");
        c.setAttribute("data-i", String(k));
        c.setAttribute("cx", String(D.chart_xs[k]));
        c.setAttribute("cy", String(s.y[n]));
        c.setAttribute("r", "3.5");
        c.setAttribute("fill", s.colour);
        var title = document.createElementNS(SVG_NS, "title");
        var km2 = side && D.states[k].areas[side] !== undefined ? fmt(D.states[k].areas[side], 1) : "";
        title.textContent = D.dates[k] + ": " + s.label + " " + km2 + " km\u00B2";
        c.appendChild(title);
        points.appendChild(c);
      });
    });
    ui.hits.appendChild(hits);
    ui.points.appendChild(points);
  })();

  var cur = { i: Math.max(0, N - 1), a: Math.max(0, N - 2), compare: false, mode: "side",
              timer: null, swipeX: 0.5, panelOpen: true };

  function clamp(i) { return Math.max(0, Math.min(N - 1, i | 0)); }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
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

  // ---- maps -------------------------------------------------------------------------------

  function MapView(containerId) {
    var map = L.map(containerId, { keyboard: false, attributionControl: false, zoomSnap: 0.25,
                                   minZoom: 8, maxZoom: 17 });
    map.setView(D.center, D.zoom);
    this.map = map;
    this.cache = {};
    this.shown = {};
    this.groups = {};
    var self = this;
    var overlays = {};
    D.groups.forEach(function (g, k) {
      // One pane per group keeps the drawing order fixed however layers come and go.
      map.createPane("sm-" + g.key).style.zIndex = String(401 + k);
      self.groups[g.key] = L.layerGroup();
      self.shown[g.key] = {};
      // "Other source" is listed only when the site was built against one.
      if (g.key !== "against" || D.against) { overlays[g.label] = self.groups[g.key]; }
      if (g.on) { self.groups[g.key].addTo(map); }
    });
    var bases = {};
    if (D.tiles) {
      var tiles = L.tileLayer(D.tiles.url, { attribution: D.tiles.attribution,
        maxZoom: D.tiles.max_zoom, subdomains: D.tiles.subdomains });
      bases[T("No tiles (offline)")] = L.layerGroup();
      bases["Tiles: " + D.tiles.name + " (online)"] = tiles.addTo(map);
      L.control.attribution({ prefix: false }).addTo(map);
    }
    this.addBase();
    this.layers = L.control.layers(bases, overlays, { collapsed: true, position: "topright" }).addTo(map);
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    new SM.NorthArrow({ position: "topleft" }).addTo(map);
    var credit = L.control({ position: "bottomright" });
    credit.onAdd = function () {
      var box = el("div", "tl-credit");
      if (D.base_attribution) { box.appendChild(el("span", "tl-osm", D.base_attribution)); }
      if (D.base_attribution && D.attribution) { box.appendChild(el("span", "tl-sep", " \u00B7 ")); }
      if (D.attribution) { box.appendChild(el("span", "tl-data", T("Data") + ": " + D.attribution)); }
      box.setAttribute("title", box.textContent);
      return box;
    };
    credit.addTo(map);
  }

  // The base map, in the order Python sorted it: areas, lines (roads by class, railways,
  // rivers), place dots; then the labels. Areas and lines are restyled by zoom.
  var QUIET = { built_up: true, building: true, water: true, road: true, railway: true };
  MapView.prototype.addBase = function () {
    var map = this.map;
    var zoom = map.getZoom();
    var areas = [], quietAreas = [], lines = [], quietLines = [], places = [];
    var BASE = global.SiverskTopology.decode(D.base.topology);
    D.base.features.forEach(function (packed) {
      var f = { type: "Feature", id: packed.id, properties: packed.properties,
        geometry: BASE.geometry(packed.geometry) };
      var p = f.properties;
      var quiet = QUIET[p.layer] === true;
      if (p.layer === "settlement" && f.geometry.type.indexOf("Point") >= 0) { places.push(f); }
      else if (p.layer === "road" || p.layer === "river" || p.layer === "railway") {
        (quiet ? quietLines : lines).push(f);
      } else { (quiet ? quietAreas : areas).push(f); }
    });
    var scaled = [
      SM.geojsonLayer(collection(quietAreas), { pane: "sm-base_area", zoom: zoom, quiet: true }),
      SM.geojsonLayer(collection(areas), { pane: "sm-base_area", zoom: zoom }),
      SM.geojsonLayer(collection(quietLines), { pane: "sm-base_line", zoom: zoom, quiet: true }),
      SM.geojsonLayer(collection(lines), { pane: "sm-base_line", zoom: zoom })
    ];
    scaled.slice(0, 2).forEach(function (layer) { layer.addTo(this.groups.base_area); }, this);
    scaled.slice(2).forEach(function (layer) { layer.addTo(this.groups.base_line); }, this);
    map.on("zoomend", function () {
      scaled.forEach(function (layer) { SM.restyle(layer, map.getZoom()); });
    });
    SM.geojsonLayer(collection(places), { pane: "sm-places" }).addTo(this.groups.places);
    this.labels = SM.labelLayer(map, D.labels, "sm-places");
    this.labels.group.addTo(this.groups.places);
  };

  // How many dates' layer sets the map keeps drawn-ready; older layers are dropped.
  var KEEP_DATES = 16;

  // Forgets the layers no recent date used (they are off the map: only the cache held them).
  MapView.prototype.trim = function (keys) {
    this.recent = this.recent || [];
    this.recent.push(keys);
    if (this.recent.length <= KEEP_DATES) { return; }
    this.recent.shift();
    var keep = {}, cache = this.cache;
    this.recent.forEach(function (list) { list.forEach(function (key) { keep[key] = true; }); });
    Object.keys(cache).forEach(function (key) {
      if (!keep[key]) {
        cache[key].off();
        delete cache[key];
      }
    });
  };

  // wanted: group key -> list of [cache key, function making its GeoJSON].
  MapView.prototype.show = function (wanted) {
    var self = this, used = [];
    D.groups.forEach(function (g) {
      if (g.key === "base_area" || g.key === "base_line" || g.key === "places") { return; }
      var next = {};
      (wanted[g.key] || []).forEach(function (item) { next[item[0]] = item[1]; used.push(item[0]); });
      var shown = self.shown[g.key];
      var group = self.groups[g.key];
      Object.keys(shown).forEach(function (key) {
        if (!Object.prototype.hasOwnProperty.call(next, key)) {
          group.removeLayer(shown[key]);
          delete shown[key];
        }
      });
      Object.keys(next).forEach(function (key) {
        if (Object.prototype.hasOwnProperty.call(shown, key)) { return; }
        var layer = self.cache[key];
        if (!layer) {
          layer = SM.geojsonLayer(next[key](), { pane: "sm-" + g.key });
          self.cache[key] = layer;
        }
        group.addLayer(layer);
        shown[key] = layer;
      });
    });
    this.trim(used);
  };

  MapView.prototype.openFeature = function (key) {
    var layer = this.cache[key];
    if (!layer) { return; }
    var map = this.map;
    layer.eachLayer(function (part) {
      var centre = part.getLatLng ? part.getLatLng() : part.getBounds().getCenter();
      map.setView(centre, Math.max(map.getZoom(), 13), { animate: false });
      part.openPopup(centre);
    });
  };

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
    advances[key] = global.SiverskAdvance.measure(before, gained, [D.center[1], D.center[0]],
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
          layer: "measure", name: "Deepest Russian advance, " + span, date: D.dates[to],
          _length_km: adv.km, source: D.computed_source,
          note: "Farthest newly held point from the ground held on " + D.dates[from] +
                " (to within " + adv.tolerance_m + " m)" } }]);
      }]);
    }
  }

  var main = new MapView("tl-map");
  var ref = null;

  // True while one map follows the other, or while both are being resized.
  var syncBusy = false;

  function syncMaps(a, b) {
    function follow(src, dst) {
      return function () {
        if (syncBusy) { return; }
        syncBusy = true;
        dst.setView(src.getCenter(), src.getZoom(), { animate: false });
        syncBusy = false;
      };
    }
    a.on("move zoomend", follow(a, b));
    b.on("move zoomend", follow(b, a));
  }

  // ---- panel ------------------------------------------------------------------------------

  function cell(tr, tag, text, cls) { tr.appendChild(el(tag, cls || null, text)); }

  function figuresTable(from, to) {
    var table = el("table", "tl-table");
    var head = el("tr");
    var cols = from === null ? ["side", "held km\u00B2"]
      : (cur.compare ? ["side", "A km\u00B2", "B km\u00B2", "gained", "lost", "net"]
                     : ["side", "held km\u00B2", "gained", "lost", "net"]);
    cols.forEach(function (c) { cell(head, "th", T(c)); });
    table.appendChild(head);
    var areasTo = D.states[to].areas;
    var areasFrom = from === null ? {} : D.states[from].areas;
    var p = from === null ? null : pair(from, to);
    SIDES.forEach(function (side) {
      if (!(side in areasTo) && !(side in areasFrom)) { return; }
      var tr = el("tr");
      cell(tr, "td", D.side_labels[side]);
      if (cur.compare && from !== null) { cell(tr, "td", fmt(areasFrom[side] || 0, 1)); }
      cell(tr, "td", fmt(areasTo[side] || 0, 1));
      if (p) {
        var s = p.sides[side] || { gained_km2: 0, lost_km2: 0 };
        cell(tr, "td", fmt(s.gained_km2, 2), "sm-gain");
        cell(tr, "td", fmt(s.lost_km2, 2), "sm-loss");
        cell(tr, "td", signed(s.gained_km2 - s.lost_km2, 2));
      } else if (from !== null) {
        cell(tr, "td", "\u2013", "sm-gain");
        cell(tr, "td", "\u2013", "sm-loss");
        cell(tr, "td", signed((areasTo[side] || 0) - (areasFrom[side] || 0), 2));
      }
      table.appendChild(tr);
    });
    return table;
  }

  function line(box, label, value, extra) {
    var div = el("div", "tl-fig");
    div.appendChild(document.createTextNode(label + ": "));
    div.appendChild(el("b", null, value));
    if (extra) { div.appendChild(el("span", "tl-delta", " " + extra)); }
    box.appendChild(div);
  }

  function linkButton(text, action) {
    var button = el("button", "tl-link", text);
    button.setAttribute("type", "button");
    button.addEventListener("click", action);
    return button;
  }

  // Bounds of the ground gained or lost now drawn (any side), or null when nothing changed.
  function changeBounds() {
    var bounds = null;
    SIDES.forEach(function (side) {
      var shown = main.shown["change_" + side];
      Object.keys(shown).forEach(function (key) {
        var b = shown[key].getBounds();
        if (!b.isValid()) { return; }
        bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
      });
    });
    return bounds;
  }

  function renderFigures() {
    var box = ui.figures;
    clear(box);
    var to = cur.i;
    var from = cur.compare ? cur.a : (to > 0 ? to - 1 : null);
    var st = D.states[to];
    if (cur.compare) {
      box.appendChild(el("h2", null, T("Compare") + " " + D.dates[cur.a] + " \u2192 " + D.dates[to]));
      if (cur.a === to) { box.appendChild(el("p", "tl-small", T("Choose two different dates."))); }
    } else {
      box.appendChild(el("h2", null, T("Figures on") + " " + st.date));
    }
    if (st.claims) {
      box.appendChild(el("p", "sm-claim-note",
        T("Claims on this date are drawn hatched and dashed: they are not assessed control.")));
    }
    var caption = from === null ? T("Ground held (first date)")
      : T("Ground held and change since") + " " + D.dates[from];
    if (Object.keys(st.areas).length === 0) {
      // A date before any control is drawn (events only).
      box.appendChild(el("p", "tl-small", T("No control is drawn on or before this date.")));
    } else {
      box.appendChild(el("div", "tl-caption", caption));
      box.appendChild(figuresTable(from === to ? null : from, to));
    }
    var far = from !== null && from !== to ? pair(from, to) : null;
    if (far && far.fromFaces) {
      box.appendChild(el("p", "tl-small", "Gained and lost ground between these two dates are " +
        "added up in the page from the faces of every stored change, and the deepest advance is " +
        "measured in the page (to within " + D.advance_tolerance_m + " m)."));
    }
    if (from !== null && from !== to && !pair(from, to)) {
      box.appendChild(el("p", "tl-small", D.changes
        ? "Gained and lost ground are precomputed between consecutive dates only in a series " +
          "this long; the net change is the difference of the areas held."
        : "This page was built without the change analysis (--no-changes); the net change " +
          "is the difference of the areas held."));
    }
    var views = el("div", "tl-small");
    var bounds = changeBounds();
    if (bounds) {
      views.appendChild(linkButton(T("zoom to the change"), function () {
        main.map.fitBounds(changeBounds(), { padding: [30, 30], maxZoom: 15, animate: false });
      }));
      views.appendChild(document.createTextNode(" \u00B7 "));
    }
    views.appendChild(linkButton(T("whole area"), function () {
      main.map.setView(D.center, D.zoom, { animate: false });
    }));
    box.appendChild(views);
    var place = D.reference.name || T("the reference point");
    var front = st.front;
    var before = from === null ? null : D.states[from].front;
    function delta(key) {
      if (!before || before[key] === null || front[key] === null || from === to) { return ""; }
      return "(" + signed(front[key] - before[key], 2) + " km since " + D.dates[from] + ")";
    }
    if (front.to_reference_km !== null) {
      line(box, T("Front to") + " " + place, fmt(front.to_reference_km, 2) + " km", delta("to_reference_km"));
    }
    if (front.to_river_km !== null) {
      line(box, T("Front to the river line"), fmt(front.to_river_km, 2) + " km", delta("to_river_km"));
    }
    if (from !== null && from !== to) {
      var both = pair(from, to);
      var adv = both ? both.advance : null;
      if (adv) {
        line(box, T("Deepest advance since") + " " + D.dates[from], fmt(adv.km, 2) + " km");
      } else if (from < to && both) {
        line(box, T("Deepest advance since") + " " + D.dates[from], T("none"));
      }
    }
    st.measures.forEach(function (m) {
      var div = el("div", "tl-fig");
      div.appendChild(document.createTextNode(m.name || "Measure"));
      if (m.data_advance_km !== null && m.data_advance_km !== undefined) {
        div.appendChild(el("br"));
        div.appendChild(document.createTextNode("advance measured on this data set along the line, " +
          m.data_from + " \u2192 " + m.data_to + ": "));
        div.appendChild(el("b", null, fmt(m.data_advance_km, 1) + " km"));
      }
      div.appendChild(el("span", "tl-delta", " (line " + fmt(m.length_km, 1) + " km long)"));
      box.appendChild(div);
    });
    renderClaims(box, D.dates[to]);
    if (st.against) {
      var ag = el("div", "tl-fig");
      ag.appendChild(el("b", null, "Against " + D.against.title + " (its snapshot of " + st.against.date + ")"));
      box.appendChild(ag);
      Object.keys(st.against.sides).forEach(function (side) {
        var s = st.against.sides[side];
        line(box, D.side_labels[side] + "-held, both agree", fmt(s.agree_km2, 1) + " km\u00B2");
        line(box, "  in this data set only", fmt(s.a_only_km2, 2) + " km\u00B2");
        line(box, "  in the other source only", fmt(s.b_only_km2, 2) + " km\u00B2");
      });
    } else if (D.against) {
      box.appendChild(el("p", "tl-small", D.against.title + " has no snapshot on or before this date."));
    }
    if (st.sources.length) {
      var src = el("div", "tl-fig tl-small");
      src.appendChild(el("b", null, T("Sources shown on this date") + ": "));
      src.appendChild(document.createTextNode(st.sources.join("; ")));
      box.appendChild(src);
    }
  }

  // The claims made on or before a date, each with its check (computed by the data side).
  function renderClaims(box, day) {
    var made = (D.claims || []).filter(function (c) { return c.claimed_on <= day; });
    if (!made.length) { return; }
    var div = el("div", "tl-fig tl-claims");
    div.appendChild(el("b", null, "Claims checked against the data"));
    made.forEach(function (c) {
      var p = el("div", "tl-claim");
      p.appendChild(el("b", null, c.name + ": "));
      p.appendChild(document.createTextNode(c.text));
      if (c.held_on === null || day < c.held_on) {
        p.appendChild(el("span", "tl-delta", " \u2014 on " + day + " the claim is ahead of the ground"));
      }
      p.appendChild(el("div", "tl-small", "Claim: " + c.source));
      div.appendChild(p);
    });
    box.appendChild(div);
  }

  function renderEvents() {
    var box = ui.events;
    clear(box);
    var ids = [];
    var title;
    if (cur.compare && cur.a !== cur.i) {
      var lo = Math.min(cur.a, cur.i), hi = Math.max(cur.a, cur.i);
      for (var k = lo + 1; k <= hi; k++) { ids = ids.concat(D.states[k].events); }
      title = T("Reported after") + " " + D.dates[lo] + " " + T("up to") + " " + D.dates[hi];
    } else {
      ids = D.states[cur.i].events;
      title = T("Reported on") + " " + D.dates[cur.i];
    }
    box.appendChild(el("h2", null, title));
    if (!ids.length) { box.appendChild(el("p", "tl-small", T("No events in the data."))); return; }
    var list = el("ul", "sm-events");
    ids.forEach(function (id) {
      var p = D.features[id].properties;
      var li = el("li");
      li.appendChild(el("b", null, p.name || T("Event")));
      if (p.status === "claimed") { li.appendChild(el("i", null, " " + T("(claim)"))); }
      if (p.date !== D.dates[cur.i]) { li.appendChild(el("span", "tl-small", " " + p.date)); }
      if (p.summary) { li.appendChild(document.createTextNode(": " + p.summary)); }
      var src = el("div", "tl-small");
      src.appendChild(document.createTextNode(T("Source") + ": "));
      src.appendChild(SM.sourceLine(p));
      if (main.cache["f:" + id] && main.shown.event["f:" + id]) {
        src.appendChild(document.createTextNode(" "));
        src.appendChild(linkButton(T("show on map"), function () { main.openFeature("f:" + id); }));
      }
      li.appendChild(src);
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  // The chart's points by date: a step restyles only the points of the dates it marks.
  var chartPoints = {};
  Array.prototype.forEach.call(ui.chart.querySelectorAll(".tl-pt"), function (pt) {
    var k = pt.getAttribute("data-i");
    (chartPoints[k] = chartPoints[k] || []).push(pt);
  });
  var marked = {};

  function renderChart() {
    var x = String(D.chart_xs[cur.i]);
    ui.cursor.setAttribute("x1", x);
    ui.cursor.setAttribute("x2", x);
    if (cur.compare) {
      var xa = String(D.chart_xs[cur.a]);
      ui.cursorRef.setAttribute("x1", xa);
      ui.cursorRef.setAttribute("x2", xa);
      ui.cursorRef.setAttribute("visibility", "visible");
    } else {
      ui.cursorRef.setAttribute("visibility", "hidden");
    }
    // Only the points whose mark changes are touched: a step restyles a handful of nodes.
    var want = {};
    want[cur.i] = "tl-pt tl-current";
    if (cur.compare && cur.a !== cur.i) { want[cur.a] = "tl-pt tl-ref"; }
    Object.keys(marked).forEach(function (k) { if (!want[k]) { want[k] = "tl-pt"; } });
    Object.keys(want).forEach(function (k) {
      (chartPoints[k] || []).forEach(function (pt) {
        if (pt.getAttribute("class") !== want[k]) { pt.setAttribute("class", want[k]); }
      });
      if (want[k] === "tl-pt") { delete marked[k]; } else { marked[k] = true; }
    });
  }

  // ---- state ------------------------------------------------------------------------------

  function hashText() {
    return cur.compare ? D.dates[cur.a] + ".." + D.dates[cur.i] : D.dates[cur.i];
  }

  // history.replaceState costs a round trip to the browser (15 ms and more on file: URLs), so
  // the hash is written once the dates stop changing, not on every step of a drag or a replay.
  var hashTimer = null;
  // The address as the page last wrote or read it. If it differs when a delayed write runs, the
  // reader changed it meanwhile and its hashchange is still queued: that address wins.
  var knownHash = global.location.hash;

  function flushHash() {
    hashTimer = null;
    if (global.location.hash !== knownHash) { return; }
    var text = "#" + hashText();
    if (global.location.hash === text) { return; }
    try {
      global.history.replaceState(null, "", text);
    } catch (err) {
      global.location.hash = text;  // replaceState can be refused on some file: URLs
    }
    knownHash = global.location.hash;
  }

  function writeHash() {
    if (hashTimer !== null) { global.clearTimeout(hashTimer); }
    hashTimer = global.setTimeout(flushHash, HASH_DELAY_MS);
  }

  function render() {
    if (!N) { return; }
    var i = cur.i;
    var wanted = stateWanted(i);
    addChange(wanted, cur.compare ? cur.a : (i > 0 ? i - 1 : null), i);
    main.show(wanted);
    if (cur.compare && ref) {
      var wantedRef = stateWanted(cur.a);
      addChange(wantedRef, cur.a, i);
      ref.show(wantedRef);
      ui.labelA.textContent = "A \u00B7 " + D.dates[cur.a];
      ui.labelB.textContent = "B \u00B7 " + D.dates[i];
      ui.dateA.value = String(cur.a);
      ui.dateB.value = String(i);
    }
    ui.date.textContent = D.dates[i];
    ui.slider.value = String(i);
    ui.slider.setAttribute("aria-valuetext", D.dates[i]);
    if (ui.dateField && ui.dateField.value !== D.dates[i]) { ui.dateField.value = D.dates[i]; }
    ui.prev.disabled = ui.first.disabled = i === 0;
    ui.next.disabled = ui.last.disabled = i === N - 1;
    if (ui.pageLink && D.date_pages.length) { ui.pageLink.setAttribute("href", D.date_pages[i]); }
    renderFigures();
    renderEvents();
    renderChart();
    noteAsked();
    writeHash();
  }

  // An address with a date the data has no map for shows the nearest earlier date (the first
  // before the data's range) and says so, until the reader moves to another date.
  function noteAsked() {
    var box = byId("tl-asked");
    var show = cur.asked && cur.asked !== D.dates[cur.i] && cur.askedShown === cur.i;
    if (!show) { cur.asked = null; if (box) { box.hidden = true; } return; }
    if (!box) {
      box = document.createElement("p");
      box.id = "tl-asked";
      box.className = "tl-asked";
      box.setAttribute("role", "status");
      var bar = document.querySelector(".tl-bar");
      (bar || document.body).appendChild(box);
    }
    var which = cur.asked < D.dates[0] ? T("the first date") : T("the nearest earlier date");
    box.textContent = T("No map for") + " " + cur.asked + ": " + T("showing") + " " +
      D.dates[cur.i] + ", " + which + ".";
    box.hidden = false;
  }

  function go(i) {
    cur.i = clamp(i);
    render();
    return cur.i;
  }

  function stop() {
    if (cur.timer !== null) { global.clearInterval(cur.timer); cur.timer = null; }
    ui.play.textContent = T("Play");
    ui.play.setAttribute("aria-pressed", "false");
  }

  function play() {
    stop();
    if (cur.i >= N - 1) { go(0); }
    cur.timer = global.setInterval(function () {
      if (cur.i >= N - 1) { stop(); return; }
      go(cur.i + 1);
    }, Number(ui.speed.value) || 1000);
    ui.play.textContent = T("Pause");
    ui.play.setAttribute("aria-pressed", "true");
  }

  function invalidate() {
    // Leaflet still holds the old size here, so this is the centre the user was looking at.
    var centre = main.map.getCenter(), zoom = main.map.getZoom();
    syncBusy = true;
    main.map.invalidateSize({ pan: false });
    main.map.setView(centre, zoom, { animate: false });
    if (ref) {
      ref.map.invalidateSize({ pan: false });
      ref.map.setView(centre, zoom, { animate: false });
    }
    syncBusy = false;
    placeSwipe();
  }

  function placeSwipe() {
    if (!(cur.compare && cur.mode === "swipe")) {
      ui.mapRef.style.clipPath = "";
      return;
    }
    var width = ui.maps.clientWidth;
    var x = Math.round(width * cur.swipeX);
    ui.mapRef.style.clipPath = "inset(0 " + (width - x) + "px 0 0)";
    ui.swipe.style.left = x + "px";
    ui.swipe.setAttribute("aria-valuenow", String(Math.round(cur.swipeX * 100)));
    ui.swipe.setAttribute("aria-valuetext", Math.round(cur.swipeX * 100) + " %");
  }

  function setCompare(on, mode) {
    cur.compare = !!on;
    if (mode) { cur.mode = mode; }
    if (cur.compare && !ref) {
      ui.mapRef.hidden = false;
      ref = new MapView("tl-map-ref");
      syncMaps(main.map, ref.map);
    }
    ui.mapRef.hidden = !cur.compare;
    ui.labelB.hidden = !cur.compare;
    ui.bar.hidden = !cur.compare;
    ui.swipe.hidden = !(cur.compare && cur.mode === "swipe");
    ui.compare.setAttribute("aria-pressed", cur.compare ? "true" : "false");
    ui.maps.classList.toggle("tl-compare", cur.compare);
    ui.maps.classList.toggle("tl-side", cur.compare && cur.mode === "side");
    ui.maps.classList.toggle("tl-swipe-mode", cur.compare && cur.mode === "swipe");
    ui.modeSide.checked = cur.mode === "side";
    ui.modeSwipe.checked = cur.mode === "swipe";
    invalidate();
    render();
  }

  function compare(a, b, mode) {
    cur.a = clamp(a);
    cur.i = clamp(b);
    setCompare(true, mode || cur.mode);
  }

  function setPanel(open) {
    cur.panelOpen = !!open;
    document.body.classList.toggle("tl-panel-open", cur.panelOpen);
    ui.panelToggle.setAttribute("aria-expanded", cur.panelOpen ? "true" : "false");
    invalidate();
  }

  function indexFor(iso) {
    // The state on a date is the latest date on or before it; before the first: the first.
    var lo = 0, hi = N - 1;
    if (!N || iso < D.dates[0]) { return 0; }
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (D.dates[mid] <= iso) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function readHash() {
    var raw = global.location.hash.replace(/^#/, "");
    var text;
    // A malformed escape (#%E0%A4%A) throws URIError: read it as written, never stop set-up.
    try { text = decodeURIComponent(raw); } catch (err) { text = raw; }
    var m = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(text);
    if (!m) { return false; }
    cur.asked = m[2] ? null : m[1];
    cur.askedShown = m[2] ? null : indexFor(m[1]);
    if (m[2]) {
      compare(indexFor(m[1]), indexFor(m[2]));
    } else {
      if (cur.compare) { cur.compare = false; setCompare(false); }
      go(indexFor(m[1]));
    }
    return true;
  }

  // ---- wiring -----------------------------------------------------------------------------

  ui.slider.addEventListener("input", function () { stop(); go(Number(ui.slider.value)); });
  ui.prev.addEventListener("click", function () { stop(); go(cur.i - 1); });
  ui.next.addEventListener("click", function () { stop(); go(cur.i + 1); });
  ui.first.addEventListener("click", function () { stop(); go(0); });
  ui.last.addEventListener("click", function () { stop(); go(N - 1); });
  ui.play.addEventListener("click", function () { if (cur.timer !== null) { stop(); } else { play(); } });
  ui.speed.addEventListener("change", function () { if (cur.timer !== null) { play(); } });
  ui.compare.addEventListener("click", function () {
    stop();
    if (cur.compare) { setCompare(false); return; }
    // Open on the step that led to the current date: A = the date before it, B = it.
    if (cur.i > 0) { compare(cur.i - 1, cur.i); } else { compare(0, Math.min(1, N - 1)); }
  });
  ui.dateA.addEventListener("change", function () { cur.a = clamp(Number(ui.dateA.value)); render(); });
  ui.dateB.addEventListener("change", function () { stop(); go(Number(ui.dateB.value)); });
  ui.swap.addEventListener("click", function () { var a = cur.a; cur.a = cur.i; go(a); });
  ui.modeSide.addEventListener("change", function () { setCompare(true, "side"); });
  ui.modeSwipe.addEventListener("change", function () { setCompare(true, "swipe"); });
  ui.panelToggle.addEventListener("click", function () { setPanel(!cur.panelOpen); });
  ui.panelClose.addEventListener("click", function () { setPanel(false); });
  ui.chart.addEventListener("click", function (e) {
    var target = e.target.closest ? e.target.closest("[data-i]") : null;
    if (target) { stop(); go(Number(target.getAttribute("data-i"))); }
  });
  Array.prototype.forEach.call(document.querySelectorAll(".tl-tick"), function (tick) {
    tick.addEventListener("click", function () { stop(); go(Number(tick.getAttribute("data-i"))); });
  });

  // A calendar step from the current date: the date n days or months away, or the next date
  // in that direction when none falls there.
  function shifted(days, months) {
    var t = new Date(D.dates[cur.i] + "T00:00:00Z");
    if (months) { t.setUTCMonth(t.getUTCMonth() + months); }
    if (days) { t.setUTCDate(t.getUTCDate() + days); }
    var k = indexFor(t.toISOString().slice(0, 10));
    var forward = days > 0 || months > 0;
    if (forward && k <= cur.i) { k = cur.i + 1; }
    if (!forward && k >= cur.i) { k = cur.i - 1; }
    return k;
  }

  // Keys: arrows a date (with Shift a week), PageUp/PageDown a month, Home/End the ends.
  function stepKey(e) {
    if (e.key === "ArrowLeft") { return e.shiftKey ? shifted(-7, 0) : cur.i - 1; }
    if (e.key === "ArrowRight") { return e.shiftKey ? shifted(7, 0) : cur.i + 1; }
    if (e.key === "PageUp") { return shifted(0, -1); }
    if (e.key === "PageDown") { return shifted(0, 1); }
    if (e.key === "Home") { return 0; }
    if (e.key === "End") { return N - 1; }
    return null;
  }

  // The slider keeps its own arrows; week and month steps are the page's.
  ui.slider.addEventListener("keydown", function (e) {
    if (!(e.shiftKey || e.key === "PageUp" || e.key === "PageDown")) { return; }
    var to = stepKey(e);
    if (to === null) { return; }
    e.preventDefault();
    stop();
    go(to);
  });
  if (ui.dateField) {
    ui.dateField.addEventListener("change", function () {
      if (/^\d{4}-\d{2}-\d{2}$/.test(ui.dateField.value)) { stop(); go(indexFor(ui.dateField.value)); }
    });
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target;
    var tag = t && t.tagName;
    // The slider and form fields handle their own keys.
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (t && t.isContentEditable)) { return; }
    var to = stepKey(e);
    if (to === null) { return; }
    e.preventDefault();
    stop();
    go(to);
  });

  global.addEventListener("hashchange", function () {
    knownHash = global.location.hash;
    if (knownHash !== "#" + hashText()) { readHash(); }
  });
  global.addEventListener("pagehide", function () { if (hashTimer !== null) { flushHash(); } });
  global.addEventListener("resize", placeSwipe);

  (function dragSwipe() {
    var dragging = false;
    function move(e) {
      if (!dragging) { return; }
      var box = ui.maps.getBoundingClientRect();
      cur.swipeX = Math.max(0.02, Math.min(0.98, (e.clientX - box.left) / box.width));
      placeSwipe();
    }
    ui.swipe.addEventListener("pointerdown", function (e) {
      dragging = true;
      ui.swipe.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    ui.swipe.addEventListener("pointermove", move);
    ui.swipe.addEventListener("pointerup", function () { dragging = false; });
    // The keyboard moves the divider too (before the page's date keys see the arrows).
    ui.swipe.addEventListener("keydown", function (e) {
      var step = { ArrowLeft: -0.05, ArrowDown: -0.05, ArrowRight: 0.05, ArrowUp: 0.05 }[e.key];
      if (e.key === "Home") { cur.swipeX = 0.02; }
      else if (e.key === "End") { cur.swipeX = 0.98; }
      else if (step) { cur.swipeX = Math.max(0.02, Math.min(0.98, cur.swipeX + step)); }
      else { return; }
      e.preventDefault();
      placeSwipe();
    });
    L.DomEvent.disableClickPropagation(ui.swipe);
  })();

  setPanel(global.innerWidth > 760);
  if (!readHash()) { render(); }

  global.SiverskTimeline = {
    data: D, go: go, compare: compare, setCompare: setCompare, setPanel: setPanel,
    play: play, stop: stop,
    // The pair from -> to as the page draws it; `measured` forces the face-based path.
    pair: function (from, to, measured) { return measured ? facePair(from, to) : pair(from, to); },
    current: function () { return D.dates[cur.i]; },
    views: function () { return { main: main, ref: ref }; },
    ready: global.performance ? global.performance.now() : 0
  };
})(window);
