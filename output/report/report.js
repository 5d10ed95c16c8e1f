// Draws the povsim report's charts with Chart.js from the JSON block #report-data.
// Embedded into the page by output/report_html.cpp, before the library: it installs the error
// collectors at once and draws on DOMContentLoaded, when Chart.js has loaded too. When done it
// records, for headless checks (tests/output/check_report.py), on <body>: data-charts-rendered
// (charts built), data-errors (every script error and console.error, " | "-joined) and
// data-report-ready; and on each canvas data-ink (pixels painted, 0 for a blank chart) and
// data-points (finite data values drawn).
(function () {
  'use strict';
  var errors = [];
  function record(message) {
    errors.push(String(message));
    document.body.setAttribute('data-errors', errors.join(' | '));
  }
  document.body.setAttribute('data-errors', '');
  window.addEventListener('error', function (e) { record(e.message || 'script error'); });
  window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, ' '));
    consoleError.apply(console, arguments);
  };

  var SCENARIO_COLOURS = ['#1f4e79', '#d9622b', '#2e8b57', '#b8336a', '#7b5ea7', '#8c6d1f', '#4a90a4', '#6b6b6b'];
  var STACK_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
                       '#9c755f', '#bab0ac', '#1f77b4', '#8c564b', '#17becf', '#bcbd22', '#7f7f7f', '#aec7e8',
                       '#ffbb78', '#98df8a', '#c5b0d5', '#c49c94'];
  var UNITS = { households: '户 households', persons: '人 persons', villages: '村 villages',
                counties: '县 counties', yuan: '元 yuan', '万元': '万元 (10,000 yuan)', share: '比例 share',
                'yuan/village/yr': '元/村/年 yuan per village' };
  var number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

  function colour(i) { return SCENARIO_COLOURS[i % SCENARIO_COLOURS.length]; }
  function translucent(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }
  function unitLabel(u) { return UNITS[u] || u || ''; }
  // Shares and rates are below 1: one decimal would print them all as 0.
  function fmt(v) {
    if (v === null || v === undefined) { return '–'; }
    return v !== 0 && Math.abs(v) < 1 ? Number(v.toPrecision(2)).toString() : number.format(v);
  }

  // Three datasets per series: the P95 edge, the P5 edge filled up to it, and the mean line.
  // Only the mean shows in the legend and the tooltip (which quotes the band).
  function bandDatasets(series, offset, type) {
    var out = [];
    series.forEach(function (s, i) {
      var c = colour(i + offset);
      var edge = { type: type, data: s.p95, borderWidth: 0, pointRadius: 0, pointHitRadius: 0, borderColor: 'transparent',
                   backgroundColor: 'transparent', fill: false, band: true, label: s.name + ' P95', order: 2 };
      out.push(edge);
      out.push(Object.assign({}, edge, { data: s.p05, fill: '-1', backgroundColor: translucent(c, 0.16),
                                         label: s.name + ' P5–P95' }));
      out.push({ type: type, label: s.name, data: s.mean, borderColor: c, backgroundColor: c, borderWidth: 2.2,
                 pointRadius: 2.5, fill: false, low: s.p05, high: s.p95, order: 1 });
    });
    return out;
  }

  function baseOptions(chart, stacked) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, filter: function (item, data) {
          return !data.datasets[item.datasetIndex].band;
        } } },
        tooltip: {
          filter: function (item) { return !item.dataset.band; },
          callbacks: {
            label: function (ctx) {
              var d = ctx.dataset, i = ctx.dataIndex;
              var text = d.label + ': ' + fmt(ctx.parsed.y);
              if (d.low && d.high) { text += '  [P5 ' + fmt(d.low[i]) + ' – P95 ' + fmt(d.high[i]) + ']'; }
              return text;
            },
            footer: function (items) {
              if (!stacked) { return ''; }
              var sum = items.reduce(function (a, it) { return a + it.parsed.y; }, 0);
              return 'total 合计: ' + fmt(sum) + ' 万元';
            }
          }
        }
      },
      scales: {
        x: { stacked: !!stacked, title: { display: true, text: '年份 year' }, grid: { display: false } },
        y: {
          stacked: !!stacked,
          beginAtZero: !chart.difference,
          title: { display: true, text: unitLabel(chart.units) + (chart.difference ? ' (variant − baseline)' : '') },
          ticks: { callback: function (v) { return fmt(v); } },
          grid: { color: function (ctx) {
            return chart.difference && ctx.tick && ctx.tick.value === 0 ? '#444' : 'rgba(0,0,0,0.08)';
          } }
        }
      }
    };
  }

  function chartConfig(chart, years) {
    var labels = years.map(String);
    if (chart.kind === 'band') {
      // A difference chart has no baseline series, so variants keep the colours they have elsewhere.
      return { type: 'line', data: { labels: labels, datasets: bandDatasets(chart.series, chart.difference ? 1 : 0, 'line') },
               options: baseOptions(chart, false) };
    }
    if (chart.kind === 'stack') {
      var datasets = chart.series.map(function (s, i) {
        var c = STACK_COLOURS[i % STACK_COLOURS.length];
        return { label: s.name, data: s.values, backgroundColor: c, borderColor: '#fff', borderWidth: 0.5 };
      });
      var options = baseOptions(chart, true);
      options.plugins.legend.position = 'right';
      return { type: 'bar', data: { labels: labels, datasets: datasets }, options: options };
    }
    if (chart.kind === 'timeline') {
      var ds = bandDatasets(chart.stock, 0, 'line').map(function (d) { d.label = d.band ? d.label : d.label + ' — still poor 未退出'; return d; });
      chart.flow.forEach(function (s, i) {
        ds.push({ type: 'bar', label: s.name + ' — exits 退出', data: s.mean, backgroundColor: translucent(colour(i), 0.55),
                  borderColor: colour(i), borderWidth: 1, order: 3 });
      });
      return { type: 'bar', data: { labels: labels, datasets: ds }, options: baseOptions(chart, false) };
    }
    throw new Error('unknown chart kind ' + chart.kind);
  }

  function dataPoints(drawn) {
    var n = 0;
    drawn.data.datasets.forEach(function (ds) {
      ds.data.forEach(function (v) {
        var y = (v !== null && typeof v === 'object') ? v.y : v;
        if (typeof y === 'number' && isFinite(y)) { n++; }
      });
    });
    return n;
  }

  function ink(canvas) {
    var ctx = canvas.getContext('2d');
    var pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data, n = 0;
    for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { n++; } }
    return n;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var rendered = 0;
    try {
      if (typeof Chart === 'undefined') { throw new Error('Chart.js did not load'); }
      Chart.defaults.font.family = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", ' +
                                   '"Helvetica Neue", Arial, sans-serif';
      Chart.defaults.font.size = 12;
      Chart.defaults.color = '#333';
      var data = JSON.parse(document.getElementById('report-data').textContent);
      data.charts.forEach(function (chart) {
        try {
          var canvas = document.getElementById(chart.id);
          if (!canvas) { throw new Error('no canvas for ' + chart.id); }
          // A side legend is cut off, not wrapped, when taller than the chart: grow with the programmes.
          if (chart.kind === 'stack') {
            canvas.parentNode.style.height = Math.max(340, 21 * chart.series.length + 40) + 'px';
          }
          var drawn = new Chart(canvas, chartConfig(chart, data.years));
          // Axes alone paint thousands of pixels: a headless check also needs the data points drawn.
          canvas.setAttribute('data-points', String(dataPoints(drawn)));
          rendered++;
        } catch (e) {
          record(chart.id + ' (' + chart.title + '): ' + e.message);
        }
      });
    } catch (e) {
      record(e.message);
    }
    document.body.setAttribute('data-charts-rendered', String(rendered));
    requestAnimationFrame(function () {
      Array.prototype.forEach.call(document.querySelectorAll('canvas'), function (c) {
        try { c.setAttribute('data-ink', String(ink(c))); } catch (e) { record(c.id + ': ' + e.message); }
      });
      document.body.setAttribute('data-report-ready', '1');
    });
  });
})();
