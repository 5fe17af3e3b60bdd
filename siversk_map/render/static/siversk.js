/* siversk-map page code: styles, safe popups and map controls.
 * Every text from the data reaches the page through textContent or setAttribute, never
 * innerHTML, so markup or script in a property is shown as text and never runs. */
(function (global, ns) {
  "use strict";

  // Side colours, filled in from the symbology the page hands over (setSymbology).
  var SIDE_COLOURS = {};
  var SIDE_NAMES = { ru: "Russian", ua: "Ukrainian", contested: "Contested (grey zone)" };
  var SIDE_HELD = { ru: "Russian-held", ua: "Ukrainian-held", contested: "Contested (grey zone)" };
  var LAYER_NAMES = {
    control: "Control", front_line: "Front line", axis: "Axis of advance", river: "River",
    road: "Road", settlement: "Settlement", boundary: "Boundary", event: "Event",
    railway: "Railway", water: "Water", built_up: "Built-up area", building: "Building",
    measure: "Measure", gain: "Gained since previous date", loss: "Lost since previous date",
    other_outline: "Other source: held ground", disagree_a: "Held in this data set only",
    disagree_b: "Held in the other source only"
  };

  // The symbology (siversk_map/symbology.py: base map and front), handed over by the page
  // before anything is drawn; no colour is written here.
  var SYM = null;
  var HIDDEN = { opacity: 0, fillOpacity: 0 };

  function setSymbology(sym) {
    if (!sym) { return; }
    SYM = sym;
    ["ru", "ua", "contested"].forEach(function (side) { SIDE_COLOURS[side] = sym.front[side].colour; });
  }

  // Leaflet path options of a front style (symbology.FRONT_STYLES); `fill` overrides its fill.
  function frontStyle(name, fill) {
    var s = SYM.front[name];
    var o = { color: s.colour, weight: s.width, opacity: s.opacity };
    if (s.dash) { o.dashArray = s.dash; }
    if (s.hatch) {
      o.fillColor = "url(#sm-hatch-" + name + ")"; o.fillOpacity = 1;
    } else if (s.fill) {
      o.fillColor = fill || s.fill; o.fillOpacity = s.fill_opacity;
    }
    return o;
  }

  // Interface strings in the page's language (siversk_map/i18n.py): English text -> translation.
  var STRINGS = {};
  function setStrings(strings) { STRINGS = strings || {}; }
  function T(text) {
    return Object.prototype.hasOwnProperty.call(STRINGS, text) ? STRINGS[text] : text;
  }

  // Roads by class: hidden below their zoom, wider as one zooms in (width is set at zoom 14).
  function roadStyle(p, zoom) {
    var c = SYM.roads[p.kind] || SYM.other_road;
    if (zoom < c.min_zoom) { return HIDDEN; }
    var scale = Math.max(0.45, Math.min(2.2, Math.pow(2, (zoom - 14) / 2)));
    return { color: c.colour, weight: c.width * scale, opacity: 0.95, lineCap: "round" };
  }

  // zoom: the map's zoom (base layers drawn by scale); the default draws at zoom 14.
  function styleFor(p, zoom) {
    if (zoom === undefined) { zoom = 14; }
    var side = SYM.front[p.side] ? p.side : null;
    switch (p.layer) {
      case "control":
        if (p.status === "claimed") { return frontStyle("claim"); }
        return frontStyle(side || "other");
      case "other_outline":
        return L.extend(frontStyle(p.layer), { fill: false });
      case "gain":
      case "loss":
      case "disagree_a":
      case "disagree_b":
        return frontStyle(p.layer);
      case "front_line":
        return frontStyle(p.status === "claimed" ? "front_claimed" : "front");
      case "axis":
        var axis = frontStyle("axis", side && SIDE_COLOURS[side]);
        if (side) { axis.color = SIDE_COLOURS[side]; }
        return axis;
      case "river":
        return { color: SYM.colours.river, weight: p._defence ? 5 : (p.kind === "stream" ? 1.5 : 3),
                 opacity: 0.9 };
      case "road":
        return roadStyle(p, zoom);
      case "railway":
        return { color: SYM.colours.railway, weight: 1.5, opacity: 0.85, dashArray: "7 3" };
      case "water":
        return { color: SYM.colours.water, weight: 0.5, opacity: 1, fillColor: SYM.colours.water,
                 fillOpacity: 1 };
      case "built_up":
        if (p.kind === "block" && zoom < SYM.block_min_zoom - 2) { return HIDDEN; }
        return { stroke: false, fillColor: SYM.colours.built_up,
                 fillOpacity: p.kind === "block" && zoom < SYM.block_min_zoom ? 0.6 : 0.9 };
      case "building":
        if (zoom < SYM.building_min_zoom) { return HIDDEN; }
        return { stroke: false, fillColor: SYM.colours.building, fillOpacity: 1 };
      case "boundary":
        return { color: SYM.colours.boundary, weight: 1.5, opacity: 0.8, dashArray: "4 4", fill: false };
      case "settlement":
        return { color: "#90a4ae", weight: 0.8, opacity: 0.8, fillColor: SYM.colours.built_up,
                 fillOpacity: 0.5 };
      case "measure":
        return frontStyle("measure");
      default:
        return { color: SYM.front.other.colour, weight: SYM.front.other.width };
    }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function row(table, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var tr = el("tr");
    tr.appendChild(el("th", null, T(label)));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  function sourceLine(p) {
    var span = el("span", "sm-source");
    span.appendChild(document.createTextNode(p.source || T("unknown source")));
    if (p.source_date) { span.appendChild(document.createTextNode(" (" + p.source_date + ")")); }
    var url = safeUrl(p.source_url);
    if (url) {
      span.appendChild(document.createTextNode(" "));
      var a = el("a", null, T("link"));
      a.setAttribute("href", url);
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
      span.appendChild(a);
    }
    return span;
  }

  function popupContent(p) {
    var box = el("div", "sm-popup");
    var title = p.name || T(LAYER_NAMES[p.layer] || p.layer);
    box.appendChild(el("div", "sm-popup-title", title));
    if (p.name_uk) { box.appendChild(el("div", "sm-popup-uk", p.name_uk)); }
    if (p.summary) { box.appendChild(el("p", "sm-popup-summary", p.summary)); }
    var table = el("table");
    row(table, "Layer", T(LAYER_NAMES[p.layer] || p.layer));
    row(table, "Side", p.side ? T(SIDE_NAMES[p.side] || p.side) : null);
    row(table, "Status", p.status ? T(p.status) : null);
    row(table, "Date", p.date);
    row(table, "Until", p.valid_until);
    row(table, "Area", p._area_km2 !== undefined ? p._area_km2.toFixed(2) + " km²" : null);
    row(table, "Length", p._length_km !== undefined ? p._length_km.toFixed(2) + " km" : null);
    row(table, "Precision", p.precision_m !== undefined && p.precision_m !== null ? "± " + p.precision_m + " m" : null);
    row(table, "Note", p.note);
    box.appendChild(table);
    if (p.source) {
      var src = el("div", "sm-popup-source");
      src.appendChild(el("b", null, T("Source") + ": "));
      src.appendChild(sourceLine(p));
      box.appendChild(src);
    }
    return box;
  }

  // A control zone says whose, how it is known and since when, e.g. "Russian-held, assessed,
  // since 2025-12-16"; other features their name or layer.
  function zoneText(p) {
    var parts = [T(SIDE_HELD[p.side] || p.side)];
    if (p.status) { parts.push(T(p.status)); }
    if (p.date) { parts.push(T("since") + " " + p.date); }
    return parts.join(", ");
  }

  function tooltipContent(p) {
    if (p.layer === "control" && p.side && !p.name) { return el("span", null, zoneText(p)); }
    var label = p.name || T(LAYER_NAMES[p.layer] || p.layer);
    if (p.status === "claimed") { label += " " + T("(claim)"); }
    return el("span", null, label);
  }

  // `extra` adds Leaflet path options (e.g. a pane) to a marker's own.
  function eventMarker(p, latlng, extra) {
    var status = p.status === "claimed" || p.status === "assessed" ? p.status : "reported";
    var colour = SYM.front["event_" + status].colour;
    return L.circleMarker(latlng, L.extend({ radius: 7, color: "#fff", weight: 2, fillColor: colour,
                                             fillOpacity: 1 }, extra));
  }

  function settlementMarker(p, latlng, extra) {
    var marker = L.circleMarker(latlng, L.extend({ radius: p.kind === "city" || p.kind === "town" ? 5 : 3.5,
      color: "#263238", weight: 1, fillColor: "#fff", fillOpacity: 1 }, extra));
    return marker;
  }

  // One LatLng per coordinate array: geometries decoded from shared arcs hold the same point
  // arrays date after date, so their layers share LatLngs instead of making new ones.
  var latLngs = typeof WeakMap === "function" ? new WeakMap() : null;
  function sharedLatLng(coords) {
    var ll = latLngs.get(coords);
    if (ll === undefined) { ll = L.GeoJSON.coordsToLatLng(coords); latLngs.set(coords, ll); }
    return ll;
  }

  // Leaflet's Polyline._projectLatlngs, with each shared LatLng's projection at the map's zoom
  // and its layer point for the map's pixel origin kept on it: a date drawn from the same arcs
  // as the last one projects only its new points, and makes no new objects for the others (a
  // step then leaves the garbage collector little to copy). The layer points are those
  // Leaflet makes (latLngToLayerPoint: projected, rounded, less the pixel origin); Leaflet
  // never moves a layer point in place, so layers may share them.
  function projectShared(latlngs, result, projectedBounds) {
    var map = this._map, len = latlngs.length, i;
    if (!(latlngs[0] instanceof L.LatLng)) {
      for (i = 0; i < len; i++) { projectShared.call(this, latlngs[i], result, projectedBounds); }
      return;
    }
    var zoom = map._zoom, crs = map.options.crs, origin = map.getPixelOrigin(), ring = [];
    for (i = 0; i < len; i++) {
      var ll = latlngs[i];
      if (ll._smZoom !== zoom) {  // kept as numbers on the LatLng: no object a point
        var q = crs.latLngToPoint(ll, zoom);
        ll._smZoom = zoom; ll._smX = q.x; ll._smY = q.y; ll._smOrigin = null;
      }
      if (ll._smOrigin !== origin) {
        ll._smOrigin = origin;
        ll._smPoint = new L.Point(Math.round(ll._smX) - origin.x, Math.round(ll._smY) - origin.y);
      }
      ring[i] = ll._smPoint;
      projectedBounds.extend(ring[i]);
    }
    result.push(ring);
  }

  // options: labels (permanent settlement labels), pane (Leaflet pane of every path), zoom (of
  // the base layers' style; see restyle), quiet (no popups or tooltips: roads, blocks, water),
  // shared (coordinate arrays reused across layers: their LatLngs are made once).
  function geojsonLayer(data, options) {
    options = options || {};
    var extra = options.pane ? { pane: options.pane } : {};
    if (options.quiet) { extra.interactive = false; }
    if (options.shared && latLngs) { extra.coordsToLatLng = sharedLatLng; }
    return L.geoJSON(data, L.extend({}, extra, {
      style: function (f) { return styleFor(f.properties, options.zoom); },
      pointToLayer: function (f, latlng) {
        return f.properties.layer === "event" ? eventMarker(f.properties, latlng, extra)
                                              : settlementMarker(f.properties, latlng, extra);
      },
      onEachFeature: function (f, layer) {
        if (extra.coordsToLatLng && layer._projectLatlngs) { layer._projectLatlngs = projectShared; }
        if (options.quiet) { return; }
        var p = f.properties;
        layer.bindPopup(function () { return popupContent(p); }, { maxWidth: 320 });
        var permanent = options.labels && p.layer === "settlement" && f.geometry.type.indexOf("Point") >= 0;
        layer.bindTooltip(function () { return tooltipContent(p); },
          permanent ? { permanent: true, direction: "right", className: "sm-label", offset: [4, 0] }
                    : { sticky: true });
        // Tab reaches a feature and Enter opens its popup (Leaflet): name it for screen readers.
        layer.on("add", function () {
          var node = layer.getElement ? layer.getElement() : null;
          if (node) {
            node.setAttribute("role", "button");
            node.setAttribute("aria-label", tooltipContent(p).textContent);
          }
        });
      }
    }));
  }

  // Base layers drawn by scale: restyle them whenever the zoom changes.
  function restyle(layer, zoom) {
    layer.eachLayer(function (part) {
      if (part.feature && part.setStyle) { part.setStyle(styleFor(part.feature.properties, zoom)); }
    });
  }

  // Labels of the base map (computed by siversk_map/cartography.py), most important first.
  // Each is a non-interactive marker whose text is set with textContent. After every zoom or
  // move, labels below their zoom are hidden and a label overlapping one placed before it
  // gives way; the main town's label always stays.
  function labelLayer(map, labels, pane) {
    var group = L.layerGroup();
    var items = labels.map(function (lb) {
      var span = el("span", "sm-lbl-text", lb.text);
      if (lb.angle) {
        span.style.transform = "translate(-50%, -50%) rotate(" + lb.angle + "deg)";
        span.setAttribute("data-angle", String(lb.angle));
      }
      var node = el("div", "sm-lbl sm-lbl-" + lb.kind);
      node.appendChild(span);
      var marker = L.marker([lb.lat, lb.lon], {
        icon: L.divIcon({ className: "sm-lbl-icon", html: node, iconSize: null }),
        interactive: false, keyboard: false, pane: pane || "markerPane"
      });
      marker.addTo(group);
      return { lb: lb, node: node, span: span };
    });
    var PAD = 3, REPEAT_PX = 480;
    function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
    function update() {
      if (!map.hasLayer(group)) { return; }
      var zoom = map.getZoom();
      var size = map.getSize();
      var wanted = items.filter(function (it) {
        var on = zoom >= it.lb.z;
        if (on) {
          var pt = map.latLngToContainerPoint([it.lb.lat, it.lb.lon]);
          on = pt.x > -300 && pt.y > -100 && pt.x < size.x + 300 && pt.y < size.y + 100;
        }
        it.node.style.visibility = on ? "" : "hidden";
        return on;
      });
      // The map's own controls (zoom, north arrow, boxes) are obstacles too; a label that
      // would be cut at the map's edge gives way as well.
      var frame = map.getContainer().getBoundingClientRect();
      var placed = Array.prototype.map.call(
        map.getContainer().querySelectorAll(".leaflet-control"), function (node) {
          var r = node.getBoundingClientRect();
          return [r.left, r.top, r.right, r.bottom];
        });
      var named = {};  // text -> centres shown: a name repeats only far from itself
      wanted.forEach(function (it) {
        var r = it.span.getBoundingClientRect();
        var box = [r.left - PAD, r.top - PAD, r.right + PAD, r.bottom + PAD];
        var cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
        var inside = r.left >= frame.left && r.top >= frame.top && r.right <= frame.right &&
                     r.bottom <= frame.bottom;
        var seen = named[it.lb.text] || [];
        var again = seen.some(function (c) { return Math.hypot(c[0] - cx, c[1] - cy) < REPEAT_PX; });
        var clash = !inside || again || placed.some(function (other) { return overlaps(box, other); });
        if (clash && it.lb.kind !== "main") {
          it.node.style.visibility = "hidden";
        } else {
          placed.push(box);
          named[it.lb.text] = seen.concat([[cx, cy]]);
        }
      });
    }
    map.on("zoomend moveend resize overlayadd", update);
    group.on("add", function () { setTimeout(update, 0); });
    return { group: group, update: update };
  }

  function addPatterns(map) {
    var svgNS = "http://www.w3.org/2000/svg";
    var renderer = map.getRenderer ? map.getRenderer(L.polygon([[0, 0]])) : null;
    var svg = renderer && renderer._container;
    if (!svg || svg.querySelector("#sm-hatch-claim")) { return; }
    var defs = document.createElementNS(svgNS, "defs");
    // The claim's hatch is lighter: it may cover a whole town whose streets must stay legible.
    Object.keys(SYM.front).filter(function (name) { return SYM.front[name].hatch; })
      .map(function (name) {
        var s = SYM.front[name];
        return ["sm-hatch-" + name, s.colour, s.hatch.angle, s.hatch.stroke, s.hatch.opacity];
      })
      .forEach(function (spec) {
        var pat = document.createElementNS(svgNS, "pattern");
        pat.setAttribute("id", spec[0]);
        pat.setAttribute("patternUnits", "userSpaceOnUse");
        pat.setAttribute("width", "8");
        pat.setAttribute("height", "8");
        pat.setAttribute("patternTransform", "rotate(" + spec[2] + ")");
        var line = document.createElementNS(svgNS, "line");
        line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
        line.setAttribute("x2", "0"); line.setAttribute("y2", "8");
        line.setAttribute("stroke", spec[1]); line.setAttribute("stroke-width", spec[3]);
        line.setAttribute("stroke-opacity", spec[4]);
        pat.appendChild(line);
        defs.appendChild(pat);
      });
    svg.insertBefore(defs, svg.firstChild);
  }

  var NorthArrow = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function () {
      var box = el("div", "sm-north leaflet-bar");
      box.setAttribute("title", T("North is up"));
      box.appendChild(el("div", "sm-north-arrow", "\u25B2"));
      box.appendChild(el("div", "sm-north-n", "N"));
      return box;
    }
  });

  ns.map = {
    SIDE_COLOURS: SIDE_COLOURS, SIDE_NAMES: SIDE_NAMES, LAYER_NAMES: LAYER_NAMES,
    styleFor: styleFor, popupContent: popupContent, tooltipContent: tooltipContent,
    geojsonLayer: geojsonLayer,
    setSymbology: setSymbology, restyle: restyle, labelLayer: labelLayer, setStrings: setStrings,
    T: T,
    addPatterns: addPatterns, NorthArrow: NorthArrow, el: el, sourceLine: sourceLine,
    safeUrl: safeUrl
  };
})
