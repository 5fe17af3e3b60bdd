/* siversk-map page code: styles, safe popups and map controls.
 * Every text from the data reaches the page through textContent or setAttribute, never
 * innerHTML, so markup or script in a property is shown as text and never runs. */
(function (global) {
  "use strict";

  var SIDE_COLOURS = { ru: "#c62828", ua: "#1565c0", contested: "#8d8d8d" };
  var SIDE_NAMES = { ru: "Russian", ua: "Ukrainian", contested: "Contested (grey zone)" };
  var LAYER_NAMES = {
    control: "Control", front_line: "Front line", axis: "Axis of advance", river: "River",
    road: "Road", settlement: "Settlement", boundary: "Boundary", event: "Event",
    measure: "Measure", gain: "Gained since previous date", loss: "Lost since previous date",
    other_outline: "Other source: held ground", disagree_a: "Held in this data set only",
    disagree_b: "Held in the other source only"
  };

  function styleFor(p) {
    var side = SIDE_COLOURS[p.side] || "#555";
    switch (p.layer) {
      case "control":
        if (p.status === "claimed") {
          return { color: "#6a1b9a", weight: 2.5, dashArray: "8 6", fillColor: "url(#sm-hatch-claim)",
                   fillOpacity: 1, opacity: 0.95 };
        }
        return { color: side, weight: 1, opacity: 0.6, fillColor: side,
                 fillOpacity: p.side === "contested" ? 0.45 : 0.28 };
      case "gain":
        return { color: "#ff6f00", weight: 2, opacity: 1, fillColor: "url(#sm-hatch-gain)", fillOpacity: 1 };
      case "loss":
        return { color: "#2e7d32", weight: 2, opacity: 1, fillColor: "url(#sm-hatch-loss)", fillOpacity: 1 };
      case "other_outline":
        return { color: "#4a148c", weight: 2.5, opacity: 0.95, dashArray: "6 5", fill: false };
      case "disagree_a":
        return { color: "#ff8f00", weight: 1.5, opacity: 1, fillColor: "#ffb300", fillOpacity: 0.5 };
      case "disagree_b":
        return { color: "#00838f", weight: 1.5, opacity: 1, fillColor: "#00838f", fillOpacity: 0.45 };
      case "front_line":
        return { color: p.status === "claimed" ? "#6a1b9a" : "#7f0000", weight: 3.5, opacity: 0.95,
                 dashArray: p.status === "claimed" ? "8 6" : null };
      case "axis":
        return { color: side, weight: 3, opacity: 0.95, dashArray: "10 5", fillColor: side, fillOpacity: 0.9 };
      case "river":
        return { color: "#1e88e5", weight: p._defence ? 5 : 3, opacity: 0.9 };
      case "road":
        return { color: "#8d6e63", weight: 2, opacity: 0.7 };
      case "boundary":
        return { color: "#37474f", weight: 1.5, opacity: 0.8, dashArray: "4 4", fill: false };
      case "settlement":
        return { color: "#37474f", weight: 1, opacity: 0.8, fillColor: "#cfd8dc", fillOpacity: 0.35 };
      case "measure":
        return { color: "#000", weight: 2.5, opacity: 0.9, dashArray: "2 6" };
      default:
        return { color: "#333", weight: 2 };
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
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  function sourceLine(p) {
    var span = el("span", "sm-source");
    span.appendChild(document.createTextNode(p.source || "unknown source"));
    if (p.source_date) { span.appendChild(document.createTextNode(" (" + p.source_date + ")")); }
    var url = safeUrl(p.source_url);
    if (url) {
      span.appendChild(document.createTextNode(" "));
      var a = el("a", null, "link");
      a.setAttribute("href", url);
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
      span.appendChild(a);
    }
    return span;
  }

  function popupContent(p) {
    var box = el("div", "sm-popup");
    var title = p.name || LAYER_NAMES[p.layer] || p.layer;
    box.appendChild(el("div", "sm-popup-title", title));
    if (p.name_uk) { box.appendChild(el("div", "sm-popup-uk", p.name_uk)); }
    if (p.summary) { box.appendChild(el("p", "sm-popup-summary", p.summary)); }
    var table = el("table");
    row(table, "Layer", LAYER_NAMES[p.layer] || p.layer);
    row(table, "Side", SIDE_NAMES[p.side] || p.side);
    row(table, "Status", p.status);
    row(table, "Date", p.date);
    row(table, "Until", p.valid_until);
    row(table, "Area", p._area_km2 !== undefined ? p._area_km2.toFixed(2) + " km²" : null);
    row(table, "Length", p._length_km !== undefined ? p._length_km.toFixed(2) + " km" : null);
    row(table, "Precision", p.precision_m !== undefined && p.precision_m !== null ? "± " + p.precision_m + " m" : null);
    row(table, "Note", p.note);
    box.appendChild(table);
    if (p.source) {
      var src = el("div", "sm-popup-source");
      src.appendChild(el("b", null, "Source: "));
      src.appendChild(sourceLine(p));
      box.appendChild(src);
    }
    return box;
  }

  function tooltipContent(p) {
    var label = p.name || LAYER_NAMES[p.layer] || p.layer;
    if (p.status === "claimed") { label += " (claim)"; }
    return el("span", null, label);
  }

  // `extra` adds Leaflet path options (e.g. a pane) to a marker's own.
  function eventMarker(p, latlng, extra) {
    var colour = p.status === "claimed" ? "#6a1b9a" : (p.status === "assessed" ? "#212121" : "#ef6c00");
    return L.circleMarker(latlng, L.extend({ radius: 7, color: "#fff", weight: 2, fillColor: colour,
                                             fillOpacity: 1 }, extra));
  }

  function settlementMarker(p, latlng, extra) {
    var marker = L.circleMarker(latlng, L.extend({ radius: p.kind === "city" || p.kind === "town" ? 5 : 3.5,
      color: "#263238", weight: 1, fillColor: "#fff", fillOpacity: 1 }, extra));
    return marker;
  }

  // options: labels (permanent settlement labels), pane (Leaflet pane of every path).
  function geojsonLayer(data, options) {
    options = options || {};
    var extra = options.pane ? { pane: options.pane } : {};
    return L.geoJSON(data, L.extend({}, extra, {
      style: function (f) { return styleFor(f.properties); },
      pointToLayer: function (f, latlng) {
        return f.properties.layer === "event" ? eventMarker(f.properties, latlng, extra)
                                              : settlementMarker(f.properties, latlng, extra);
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () { return popupContent(p); }, { maxWidth: 320 });
        var permanent = options.labels && p.layer === "settlement" && f.geometry.type.indexOf("Point") >= 0;
        layer.bindTooltip(function () { return tooltipContent(p); },
          permanent ? { permanent: true, direction: "right", className: "sm-label", offset: [4, 0] }
                    : { sticky: true });
      }
    }));
  }

  function addPatterns(map) {
    var svgNS = "http://www.w3.org/2000/svg";
    var renderer = map.getRenderer ? map.getRenderer(L.polygon([[0, 0]])) : null;
    var svg = renderer && renderer._container;
    if (!svg || svg.querySelector("#sm-hatch-claim")) { return; }
    var defs = document.createElementNS(svgNS, "defs");
    [["sm-hatch-claim", "#6a1b9a", 45], ["sm-hatch-gain", "#ff6f00", -45], ["sm-hatch-loss", "#2e7d32", 45]]
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
        line.setAttribute("stroke", spec[1]); line.setAttribute("stroke-width", "3");
        line.setAttribute("stroke-opacity", "0.7");
        pat.appendChild(line);
        defs.appendChild(pat);
      });
    svg.insertBefore(defs, svg.firstChild);
  }

  var NorthArrow = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function () {
      var box = el("div", "sm-north leaflet-bar");
      box.setAttribute("title", "North is up");
      box.appendChild(el("div", "sm-north-arrow", "\u25B2"));
      box.appendChild(el("div", "sm-north-n", "N"));
      return box;
    }
  });

  global.SiverskMap = {
    SIDE_COLOURS: SIDE_COLOURS, SIDE_NAMES: SIDE_NAMES, LAYER_NAMES: LAYER_NAMES,
    styleFor: styleFor, popupContent: popupContent, geojsonLayer: geojsonLayer,
    addPatterns: addPatterns, NorthArrow: NorthArrow, el: el, sourceLine: sourceLine,
    safeUrl: safeUrl
  };
})(window);
