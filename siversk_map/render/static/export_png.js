/* "Export PNG": the current map view drawn into a PNG in the browser, offline.
 * Leaflet's vector layers are SVG; each is serialised (with the page's hatch patterns), drawn
 * onto a canvas with the base map's labels and a scale bar; the title and the date go above
 * the map, the legend (as the page shows it) and the credits below it, and the image is
 * downloaded: a finished picture, not a bare map. Online tiles are not drawn (they would taint the canvas). */
(function (global, ns) {
  "use strict";

  function load(url) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = function () { reject(new Error("cannot draw a map layer")); };
      img.src = url;
    });
  }

  function svgImage(svg, patterns) {
    var copy = svg.cloneNode(true);
    var rect = svg.getBoundingClientRect();
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    copy.setAttribute("width", String(rect.width));
    copy.setAttribute("height", String(rect.height));
    copy.style.transform = "";
    var defs = document.createElementNS("http://www.w3.org/2000/svg", "defs");
    patterns.forEach(function (p) { defs.appendChild(p.cloneNode(true)); });
    copy.insertBefore(defs, copy.firstChild);
    var xml = new XMLSerializer().serializeToString(copy);
    return load("data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml)).then(function (img) {
      return { img: img, rect: rect };
    });
  }

  // Lines of text no wider than `width` at the context's font.
  function wrap(ctx, text, width) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; }
      else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  // The legend's keys as the page shows them: a swatch (line, dot or area) and a label.
  function legendKeys() {
    return Array.prototype.slice.call(document.querySelectorAll(".sm-legend .sm-key")).map(function (key) {
      var mark = key.querySelector(".sm-line, .tl-dot, .sm-swatch");
      var css = mark ? global.getComputedStyle(mark) : null;
      var kind = !mark ? "none" : mark.classList.contains("sm-line") ? "line"
        : mark.classList.contains("tl-dot") ? "dot" : "area";
      return {
        kind: kind,
        label: key.textContent.trim(),
        colour: !css ? "#000" : kind === "line" ? css.borderTopColor
          : kind === "dot" ? css.backgroundColor : css.borderTopColor,
        fill: css ? css.backgroundColor : "transparent",
        dashed: !!css && (css.borderTopStyle === "dashed" || css.borderTopStyle === "dotted")
      };
    });
  }

  // A scale bar's length (m) and its width (px) at the map's centre: 1, 2 or 5 x 10^n metres,
  // at most a quarter of the map's width.
  function scaleBar(map, w, h) {
    var y = h / 2;
    var metres = map.distance(map.containerPointToLatLng([0, y]), map.containerPointToLatLng([w, y]));
    var perPx = metres / w;
    var target = perPx * w / 4, best = 1;
    for (var p = 0; p < 8; p++) {
      [1, 2, 5].forEach(function (f) { var v = f * Math.pow(10, p); if (v <= target) { best = v; } });
    }
    return { metres: best, px: best / perPx, text: best >= 1000 ? (best / 1000) + " km" : best + " m" };
  }

  function render(scale) {
    var tl = ns.timeline;
    var map = tl.views().main.map;
    var box = map.getContainer();
    var frame = box.getBoundingClientRect();
    var w = Math.round(frame.width), h = Math.round(frame.height);
    var D = tl.data;
    scale = scale || global.devicePixelRatio || 1;
    var texts = [];
    // Measure the footer first: legend in columns, then the credits, wrapped to the width.
    var probe = document.createElement("canvas").getContext("2d");
    var keys = legendKeys();
    var colW = 300, cols = Math.max(1, Math.floor((w - 20) / colW)), rowH = 18;
    var rows = Math.ceil(keys.length / cols);
    probe.font = "11px system-ui, sans-serif";
    keys.forEach(function (key) { key.lines = wrap(probe, key.label, colW - 36).slice(0, 2); });
    if (keys.some(function (key) { return key.lines.length > 1; })) { rowH = 28; }
    var credits = [];
    if (D.base_attribution) { credits.push(D.base_attribution); }
    if (D.attribution) { credits.push("Data: " + D.attribution); }
    var creditLines = [];
    credits.forEach(function (c) { creditLines = creditLines.concat(wrap(probe, c, w - 20)); });
    var head = 50, foot = 12 + rows * rowH + 8 + creditLines.length * 14 + 8;
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round((head + h + foot) * scale);
    var ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, w, head + h + foot);
    ctx.save();
    ctx.translate(0, head);
    ctx.beginPath();
    ctx.rect(0, 0, w, h);
    ctx.clip();  // Leaflet's SVG reaches past the map's edges
    ctx.fillStyle = global.getComputedStyle(box).backgroundColor || "#f4f1ea";
    ctx.fillRect(0, 0, w, h);
    var patterns = Array.prototype.slice.call(document.querySelectorAll("pattern[id^='sm-hatch']"));
    var svgs = Array.prototype.slice.call(box.querySelectorAll(".leaflet-pane svg"));
    return Promise.all(svgs.map(function (svg) { return svgImage(svg, patterns); })).then(function (layers) {
      layers.forEach(function (layer) {
        ctx.drawImage(layer.img, layer.rect.left - frame.left, layer.rect.top - frame.top,
                      layer.rect.width, layer.rect.height);
      });
      // The base map's labels as placed on the page (hidden ones stay out), each with its
      // own font, colour and rotation.
      ctx.textBaseline = "middle";
      ctx.textAlign = "center";
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      box.querySelectorAll(".sm-lbl").forEach(function (node) {
        if (node.style.visibility === "hidden") { return; }
        var span = node.querySelector(".sm-lbl-text");
        var css = global.getComputedStyle(span);
        var r = span.getBoundingClientRect();
        var text = css.textTransform === "uppercase" ? span.textContent.toUpperCase() : span.textContent;
        ctx.save();
        ctx.translate(r.left - frame.left + r.width / 2, r.top - frame.top + r.height / 2);
        ctx.rotate((Number(span.getAttribute("data-angle")) || 0) * Math.PI / 180);
        ctx.font = css.fontStyle + " " + css.fontWeight + " " + css.fontSize + " " + css.fontFamily;
        ctx.fillStyle = css.color;
        ctx.strokeText(text, 0, 0);
        ctx.fillText(text, 0, 0);
        ctx.restore();
      });
      // Scale bar, bottom left of the map.
      var bar = scaleBar(map, w, h);
      ctx.textAlign = "start";
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fillRect(6, h - 34, bar.px + 12, 28);
      ctx.fillStyle = "#111";
      ctx.fillRect(12, h - 14, bar.px, 4);
      ctx.fillStyle = "#fff";
      ctx.fillRect(12 + bar.px / 2, h - 13, bar.px / 2 - 1, 2);
      ctx.fillStyle = "#111";
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillText(bar.text, 12, h - 23);
      texts.push(bar.text);
      ctx.strokeStyle = "#263238";
      ctx.lineWidth = 1;
      ctx.strokeRect(0.5, 0.5, w - 1, h - 1);
      ctx.restore();
      // Title and date above the map.
      ctx.textBaseline = "middle";
      ctx.fillStyle = "#111";
      ctx.font = "700 15px system-ui, sans-serif";
      var title = wrap(ctx, D.title || "", w - 20)[0] || "";
      ctx.fillText(title, 10, 15);
      texts.push(title);
      ctx.fillStyle = "#7f0000";
      ctx.fillText(tl.current(), 10, 35);
      texts.push(tl.current());
      // Legend and credits below it.
      var y0 = head + h + 12;
      ctx.font = "11px system-ui, sans-serif";
      keys.forEach(function (key, i) {
        var x = 10 + (i % cols) * colW, y = y0 + Math.floor(i / cols) * rowH + rowH / 2;
        ctx.save();
        if (key.kind === "line") {
          ctx.strokeStyle = key.colour;
          ctx.lineWidth = 3;
          if (key.dashed) { ctx.setLineDash([5, 3]); }
          ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 22, y); ctx.stroke();
        } else if (key.kind === "dot") {
          ctx.fillStyle = key.colour;
          ctx.beginPath(); ctx.arc(x + 11, y, 5, 0, 2 * Math.PI); ctx.fill();
        } else if (key.kind === "area") {
          ctx.fillStyle = key.fill === "rgba(0, 0, 0, 0)" ? "#ffffff" : key.fill;
          ctx.fillRect(x, y - 6, 22, 12);
          ctx.strokeStyle = key.colour;
          ctx.lineWidth = 1.5;
          if (key.dashed) { ctx.setLineDash([3, 2]); }
          ctx.strokeRect(x, y - 6, 22, 12);
        }
        ctx.restore();
        ctx.fillStyle = "#111";
        key.lines.forEach(function (line, k) {
          ctx.fillText(line, x + 28, y + (k - (key.lines.length - 1) / 2) * 13);
        });
        texts.push(key.lines.join(" "));
      });
      var y = y0 + rows * rowH + 8;
      ctx.fillStyle = "#333";
      creditLines.forEach(function (line) { ctx.fillText(line, 10, y + 7); texts.push(line); y += 14; });
      canvas.sivTexts = texts;
      canvas.sivMap = { top: head, height: h };
      return canvas;
    });
  }

  // What the last export drew (for tests and for a caller checking the image's parts).
  function describe(scale) {
    return render(scale).then(function (canvas) {
      return { texts: canvas.sivTexts, width: canvas.width, height: canvas.height, map: canvas.sivMap };
    });
  }

  function toDataURL(scale) {
    return render(scale).then(function (canvas) { return canvas.toDataURL("image/png"); });
  }

  function download() {
    var tl = ns.timeline;
    return render().then(function (canvas) {
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = (tl.data.name || "map") + "_" + tl.current() + ".png";
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
          resolve(a.download);
        }, "image/png");
      });
    });
  }

  var button = document.getElementById("tl-export-png");
  if (button) {
    button.addEventListener("click", function () {
      download().catch(function (err) { button.title = String(err); });
    });
  }
  ns.timeline.exportPng = { render: render, toDataURL: toDataURL, download: download, describe: describe };
})
