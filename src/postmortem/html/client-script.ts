/**
 * The page's own script, run in the browser after uPlot's. It is plain ES2017 kept as a string:
 * the project compiles for Node without DOM types, and the headless-Chromium test
 * (tests/integration/postmortem/html-report.test.ts) is what checks it. It reads the charts from the
 * `faultline-data` JSON block, never from markup, and writes text only through uPlot (textContent)
 * and canvas, so journal strings cannot become markup here either.
 *
 * Every chart shares the x range (the whole journal) and the cursor. Fault windows are shaded under
 * the lines (uPlot's drawClear hook); alerts are bars in lanes at the top, one lane per severity,
 * with a dashed line where each fired (the draw hook). `window.faultlineReport` describes what was
 * drawn, for the test; `data-charts` on <html> says "ready" or "failed".
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var root = document.documentElement;
  var report = { charts: [] };
  window.faultlineReport = report;
  try {
    var data = JSON.parse(document.getElementById('faultline-data').textContent);
    var FAULT_FILL = 'rgba(220, 38, 38, 0.16)';
    var FAULT_EDGE = '#b91c1c';
    var ALERT = { page: '#c2410c', ticket: '#ca8a04', other: '#7c3aed' };
    var lanes = ['page', 'ticket', 'other'].filter(function (lane) {
      return data.alerts.some(function (alert) { return alert.lane === lane; });
    });
    var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };
    var px = function (css) { return Math.round(css * uPlot.pxRatio); };
    // Whole-second ticks, read as clock times: uPlot's defaults go below a second on short runs.
    var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
    var clock = function (ts, seconds) { return new Date(Math.round(ts * 1000)).toISOString().slice(11, seconds ? 19 : 16); };

    var number = function (v) {
      var a = Math.abs(v);
      var digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
      return String(Number(v.toFixed(digits)));
    };
    var formatters = {
      'per-second': function (v) { return number(v) + '/s'; },
      percent: function (v) { return number(v) + ' %'; },
      ms: function (v) { return number(v) + ' ms'; }
    };

    var yRange = function (include) {
      return function (u, min, max) {
        var lo = include.reduce(function (m, v) { return Math.min(m, v); }, min == null ? Infinity : min);
        var hi = include.reduce(function (m, v) { return Math.max(m, v); }, max == null ? -Infinity : max);
        if (!isFinite(lo) || !isFinite(hi)) { lo = 0; hi = 1; }
        if (hi === lo) hi = lo + 1;
        var span = hi - lo;
        // Headroom above the data for the alert lanes, a little below when values go negative.
        return [lo < 0 ? lo - span * 0.05 : lo, hi + span * (lanes.length > 0 ? 0.12 + 0.04 * lanes.length : 0.06)];
      };
    };

    var clip = function (u) {
      var b = u.bbox;
      u.ctx.save();
      u.ctx.beginPath();
      u.ctx.rect(b.left, b.top, b.width, b.height);
      u.ctx.clip();
    };

    var drawFaults = function (u, state) {
      var b = u.bbox;
      var ctx = u.ctx;
      state.faultBands = [];
      clip(u);
      data.faults.forEach(function (fault, i) {
        var x0 = u.valToPos(fault.start, 'x', true);
        var x1 = u.valToPos(fault.end, 'x', true);
        var w = Math.max(x1 - x0, px(2));
        ctx.fillStyle = FAULT_FILL;
        ctx.fillRect(x0, b.top, w, b.height);
        ctx.strokeStyle = FAULT_EDGE;
        ctx.lineWidth = px(1);
        ctx.setLineDash([]);
        ctx.beginPath();
        ctx.moveTo(Math.round(x0) + 0.5, b.top);
        ctx.lineTo(Math.round(x0) + 0.5, b.top + b.height);
        if (!fault.open) {
          ctx.moveTo(Math.round(x0 + w) - 0.5, b.top);
          ctx.lineTo(Math.round(x0 + w) - 0.5, b.top + b.height);
        }
        ctx.stroke();
        ctx.fillStyle = FAULT_EDGE;
        ctx.font = '600 ' + px(11) + 'px system-ui, sans-serif';
        ctx.textBaseline = 'bottom';
        ctx.fillText((fault.open ? '⚠ ' : '') + fault.label, x0 + px(4), b.top + b.height - px(4) - (i % 3) * px(14));
        state.faultBands.push({ x0: x0, x1: x0 + w });
      });
      u.ctx.restore();
    };

    var drawOverlays = function (u, spec, state) {
      var b = u.bbox;
      var ctx = u.ctx;
      state.alertBars = 0;
      clip(u);
      spec.references.forEach(function (ref) {
        var y = Math.round(u.valToPos(ref.value, 'y', true)) + 0.5;
        ctx.strokeStyle = '#59636e';
        ctx.lineWidth = px(1);
        ctx.setLineDash([px(4), px(4)]);
        ctx.beginPath();
        ctx.moveTo(b.left, y);
        ctx.lineTo(b.left + b.width, y);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = '#59636e';
        ctx.font = px(11) + 'px system-ui, sans-serif';
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        ctx.fillText(ref.label, b.left + b.width - px(4), y - px(2));
        ctx.textAlign = 'left';
      });
      var h = px(6);
      var gap = px(3);
      data.alerts.forEach(function (alert) {
        var lane = lanes.indexOf(alert.lane);
        var x0 = u.valToPos(alert.start, 'x', true);
        var x1 = u.valToPos(alert.end, 'x', true);
        var y = b.top + gap + lane * (h + gap);
        ctx.globalAlpha = 0.9;
        ctx.fillStyle = ALERT[alert.lane];
        ctx.fillRect(x0, y, Math.max(x1 - x0, px(2)), h);
        ctx.globalAlpha = 0.75;
        ctx.strokeStyle = ALERT[alert.lane];
        ctx.lineWidth = px(1);
        ctx.setLineDash([px(3), px(3)]);
        ctx.beginPath();
        ctx.moveTo(Math.round(x0) + 0.5, y + h);
        ctx.lineTo(Math.round(x0) + 0.5, b.top + b.height);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.globalAlpha = 1;
        state.alertBars++;
      });
      ctx.restore();
    };

    var height = function (width) { return width < 560 ? 200 : 260; };
    var charts = data.charts.map(function (spec) {
      var host = document.getElementById(spec.id);
      var format = formatters[spec.unit];
      var width = host.clientWidth || 800;
      var state = { faultBands: [], alertBars: 0 };
      var opts = {
        width: width,
        height: height(width),
        tzDate: utc,
        cursor: { sync: { key: 'faultline' } },
        scales: {
          x: { time: true, range: function () { return [data.range[0], data.range[1]]; } },
          y: { range: yRange(spec.include) }
        },
        axes: [
          { label: 'time (UTC)', labelSize: 18, stroke: '#59636e', grid: { stroke: '#eaeef2', width: 1 }, ticks: { stroke: '#d1d9e0', width: 1 },
            space: 70, incrs: STEPS,
            values: function (u, splits, axis, space, step) { return splits.map(function (ts) { return clock(ts, step < 60); }); } },
          { label: spec.axis, labelSize: 20, size: 56, stroke: '#59636e', grid: { stroke: '#eaeef2', width: 1 }, ticks: { stroke: '#d1d9e0', width: 1 },
            values: function (u, splits) { return splits.map(function (v) { return v == null ? '' : number(v); }); } }
        ],
        series: [{ label: 'Time (UTC)', value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' }].concat(spec.lines.map(function (line) {
          var series = { label: line.label, stroke: line.color, width: line.width, spanGaps: false,
            value: function (u, v) { return v == null ? '–' : format(v); } };
          if (line.dash) series.dash = line.dash;
          return series;
        })),
        hooks: {
          drawClear: [function (u) { drawFaults(u, state); }],
          draw: [function (u) { drawOverlays(u, spec, state); }]
        }
      };
      host.textContent = '';
      var aligned = [spec.x].concat(spec.lines.map(function (line) { return line.values; }));
      var plot = new uPlot(opts, aligned, host);
      return { spec: spec, host: host, plot: plot, state: state };
    });

    var resize = function () {
      charts.forEach(function (chart) {
        var width = chart.host.clientWidth;
        if (width > 0 && width !== chart.plot.width) chart.plot.setSize({ width: width, height: height(width) });
      });
    };
    if (window.ResizeObserver) new ResizeObserver(resize).observe(document.querySelector('main'));
    window.addEventListener('resize', resize);
    window.addEventListener('beforeprint', resize);
    if (window.matchMedia) {
      var print = window.matchMedia('print');
      if (print.addEventListener) print.addEventListener('change', resize);
    }

    report.charts = charts.map(function (chart) {
      return {
        id: chart.spec.id,
        get series() { return chart.plot.series.length - 1; },
        get points() { return chart.plot.data[0].length; },
        get canvas() { var c = chart.plot.ctx.canvas; return { width: c.width, height: c.height }; },
        get plotBox() { var b = chart.plot.bbox; return { left: b.left, top: b.top, width: b.width, height: b.height }; },
        get faultBands() { return chart.state.faultBands.slice(); },
        get alertBars() { return chart.state.alertBars; },
        get cssWidth() { return chart.plot.width; }
      };
    });
    root.setAttribute('data-charts', 'ready');
  } catch (error) {
    root.setAttribute('data-charts', 'failed');
    throw error;
  }
})();
`;
