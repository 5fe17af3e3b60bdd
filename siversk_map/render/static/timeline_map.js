/* siversk-map timeline, part 3 of 6: a map view. Leaflet layers are made once per feature and
 * cached; a date step only adds and removes the layers that differ, so a step stays well
 * inside one frame. */
(function (global, ns) {
  "use strict";

  var tl = ns.tl;
  var SM = tl.SM, el = tl.el, D = tl.D, T = tl.T, collection = tl.collection;

  // ---- maps -------------------------------------------------------------------------------

  function MapView(containerId) {
    // Zooming out stops two levels past the data set's own view (zoom 8 for a town; an
    // imported whole front opens at 6 and must be able to show all of it on a phone).
    var map = L.map(containerId, { keyboard: false, attributionControl: false, zoomSnap: 0.25,
                                   minZoom: Math.min(8, Math.max(0, D.zoom - 2)), maxZoom: 17 });
    map.setView(D.center, D.zoom);
    this.map = map;
    this.cache = {};
    this.keepDates = KEEP_DATES;
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
    var BASE = ns.topology.decode(D.base.topology);
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

  // How many dates' layer sets the map keeps drawn-ready; older layers are dropped. Stepping
  // back over the last few dates redraws nothing; a layer made again is cheap, as its points
  // (LatLngs) are shared with every date drawn from the same arcs. At 64 daily whole-front
  // dates: 16 kept, 8.0 MiB of heap once every date was visited; 6 kept, 5.3 MiB.
  var KEEP_DATES = 6;

  // Forgets the layers no recent date used (they are off the map: only the cache held them).
  MapView.prototype.trim = function (keys) {
    this.recent = this.recent || [];
    this.recent.push(keys);
    if (this.recent.length <= this.keepDates) { return; }
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
          layer = SM.geojsonLayer(next[key](), { pane: "sm-" + g.key, shared: true });
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

  tl.MapView = MapView;
})
