// Draws the povsim report's charts with Chart.js from the JSON block #report-data.
// Embedded into the page by output/report_html.cpp, before the library: it installs the error
// collectors at once and draws on DOMContentLoaded, when Chart.js has loaded too. When done it
// records, for headless checks (tests/output/check_report.py), on <body>: data-charts-rendered
// (charts built), data-errors (every script error and console.error, " | "-joined) and
// data-report-ready; and on each canvas data-ink (pixels painted, 0 for a blank chart) and
// data-points (finite data values drawn). Legends are HTML lists under each canvas, so long
// labels wrap instead of being cut, and charts are redrawn at the printed size before printing.
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

  // Okabe–Ito: told apart with the common colour-vision deficiencies; yellow last (faint on white).
  var SCENARIO_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
  var STACK_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
                       '#9c755f', '#bab0ac', '#1f77b4', '#8c564b', '#17becf', '#bcbd22', '#7f7f7f', '#aec7e8',
                       '#ffbb78', '#98df8a', '#c5b0d5', '#c49c94'];
  var UNITS = { households: '户 households', persons: '人 persons', villages: '村 villages',
                counties: '县 counties', yuan: '元 yuan', '万元': '万元 (10,000 yuan)', share: '比例 share',
                'yuan/village/yr': '元/村/年 yuan per village' };
  var number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  var scenarioIndex = {};  // scenario label → colour index, the same in every chart
  var keyColours = {};     // programme or source id → colour, the same in every chart

  function colour(i) { return SCENARIO_COLOURS[i % SCENARIO_COLOURS.length]; }
  function keyColour(key) {
    if (!(key in keyColours)) { keyColours[key] = STACK_COLOURS[Object.keys(keyColours).length % STACK_COLOURS.length]; }
    return keyColours[key];
  }
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
  // "V − B" (a difference series) takes the variant's colour.
  function seriesIndex(name) {
    var own = name.split(' − ')[0];
    return own in scenarioIndex ? scenarioIndex[own] : (name in scenarioIndex ? scenarioIndex[name] : 0);
  }

  // Three datasets per series: the P95 edge, the P5 edge filled up to it, and the mean line.
  // Only the mean shows in the legend and the tooltip (which quotes the band). Where a variant's
  // band is the baseline's (before its policy starts) only the baseline's is drawn: stacked
  // translucent fills of four colours read as grey. A variant's own band is fainter, outlined in
  // its colour, and its line dashed, so colour is not the only cue.
  function bandDatasets(series, type) {
    var out = [];
    var ref = series.length && seriesIndex(series[0].name) === 0 ? series[0] : null;
    series.forEach(function (s) {
      var i = seriesIndex(s.name), c = colour(i), variant = i > 0;
      var p05 = s.p05, p95 = s.p95;
      if (variant && ref) {
        var same = function (k) { return s.p05[k] === ref.p05[k] && s.p95[k] === ref.p95[k]; };
        p05 = s.p05.map(function (v, k) { return same(k) ? null : v; });
        p95 = s.p95.map(function (v, k) { return same(k) ? null : v; });
      }
      var edge = { type: type, data: p95, borderWidth: variant ? 1 : 0, pointRadius: 0, pointHitRadius: 0,
                   borderColor: variant ? translucent(c, 0.6) : 'transparent', backgroundColor: 'transparent',
                   fill: false, band: true, label: s.name + ' P95', order: 2 };
      out.push(edge);
      out.push(Object.assign({}, edge, { data: p05, fill: '-1', backgroundColor: translucent(c, variant ? 0.09 : 0.16),
                                         label: s.name + ' P5–P95' }));
      out.push({ type: type, label: s.name, data: s.mean, borderColor: c, backgroundColor: c, borderWidth: 2.2,
                 borderDash: variant ? [7, 4] : [], pointRadius: 2.5, fill: false, low: s.p05, high: s.p95, order: 1 });
    });
    return out;
  }

  function baseOptions(chart, stacked) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // Sharp when printed: the canvas is drawn at twice the screen's pixels at least.
      devicePixelRatio: Math.max(2, window.devicePixelRatio || 1),
      interaction: { mode: 'index', intersect: false },
      plugins: {
        // The legend is HTML below the canvas (htmlLegend): it wraps long Chinese labels instead of
        // clipping them, and never takes height from the plot.
        legend: { display: false },
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
              var sum = items.reduce(function (a, it) { return a + (it.dataset.extra ? 0 : it.parsed.y); }, 0);
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
          // Short enough for a printed chart 240 px high.
          title: { display: true, text: chart.difference ? unitLabel(chart.units).split(' (')[0] + ' · variant − baseline'
                                                         : unitLabel(chart.units) },
          ticks: { callback: function (v) { return fmt(v); } },
          grid: { color: function (ctx) {
            return chart.difference && ctx.tick && ctx.tick.value === 0 ? '#444' : 'rgba(0,0,0,0.08)';
          } }
        }
      }
    };
  }

  function stackDatasets(series) {
    return series.map(function (s) {
      return { label: s.name, data: s.values, backgroundColor: keyColour(s.key), borderColor: '#fff', borderWidth: 0.5,
               stack: 'spending' };
    });
  }

  function chartConfig(chart, years) {
    var labels = years.map(String), options, ds;
    if (chart.kind === 'band') {
      return { type: 'line', data: { labels: labels, datasets: bandDatasets(chart.series, 'line') },
               options: baseOptions(chart, false) };
    }
    if (chart.kind === 'stack') {
      ds = stackDatasets(chart.series);
      if (chart.ceiling !== undefined) {
        // Its own stack: the line sits at the ceiling instead of on top of the bars.
        ds.push({ type: 'line', label: '上限 ceiling ' + fmt(chart.ceiling) + ' 万元', stack: 'ceiling', extra: true,
                  data: years.map(function () { return chart.ceiling; }), borderColor: '#b3261e', borderWidth: 2,
                  borderDash: [8, 4], pointRadius: 0, fill: false, order: -1 });
      }
      return { type: 'bar', data: { labels: labels, datasets: ds }, options: baseOptions(chart, true) };
    }
    if (chart.kind === 'delta_stack') {
      // Gains stack above 0 and cuts below it; the line is their sum.
      ds = stackDatasets(chart.series);
      ds.push({ type: 'line', label: 'net change 净变化', stack: 'net', extra: true, data: chart.net, borderColor: '#000',
                backgroundColor: '#000', borderWidth: 2, pointRadius: 3, fill: false, order: -1 });
      options = baseOptions(Object.assign({ difference: true }, chart), true);
      return { type: 'bar', data: { labels: labels, datasets: ds }, options: options };
    }
    if (chart.kind === 'timeline') {
      ds = bandDatasets(chart.stock, 'line').map(function (d) { d.label = d.band ? d.label : d.label + ' — still poor 未退出'; return d; });
      chart.flow.forEach(function (s) {
        var c = colour(seriesIndex(s.name));
        ds.push({ type: 'bar', label: s.name + ' — exits 退出', data: s.mean, backgroundColor: translucent(c, 0.55),
                  borderColor: c, borderWidth: 1, order: 3 });
      });
      return { type: 'bar', data: { labels: labels, datasets: ds }, options: baseOptions(chart, false) };
    }
    throw new Error('unknown chart kind ' + chart.kind);
  }

  // One legend item per drawn series (not per band edge); a click hides the series and its band.
  function htmlLegend(drawn, box) {
    var list = document.createElement('ul');
    list.className = 'legend';
    drawn.data.datasets.forEach(function (d, i) {
      if (d.band) { return; }
      var item = document.createElement('li'), swatch = document.createElement('span');
      var line = d.type === 'line';
      swatch.className = line ? 'swatch line' : 'swatch';
      if (line) {
        swatch.style.borderTopColor = d.borderColor;
        swatch.style.borderTopStyle = d.borderDash && d.borderDash.length ? 'dashed' : 'solid';
      } else {
        swatch.style.background = d.backgroundColor;
        swatch.style.borderColor = d.borderColor === '#fff' ? d.backgroundColor : d.borderColor;
      }
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(d.label));
      item.addEventListener('click', function () {
        var show = !drawn.isDatasetVisible(i);
        drawn.setDatasetVisibility(i, show);
        // The band's two edges come right before its mean line.
        for (var j = i - 1; j >= 0 && drawn.data.datasets[j].band; j--) { drawn.setDatasetVisibility(j, show); }
        item.classList.toggle('off', !show);
        drawn.update();
      });
      list.appendChild(item);
    });
    box.appendChild(list);
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
    var rendered = 0, drawnCharts = [];
    try {
      if (typeof Chart === 'undefined') { throw new Error('Chart.js did not load'); }
      Chart.defaults.font.family = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", ' +
                                   '"Helvetica Neue", Arial, sans-serif';
      Chart.defaults.font.size = 12;
      Chart.defaults.color = '#333';
      var data = JSON.parse(document.getElementById('report-data').textContent);
      data.scenarios.forEach(function (name, i) { scenarioIndex[name] = i; });
      data.charts.forEach(function (chart) {
        try {
          var canvas = document.getElementById(chart.id);
          if (!canvas) { throw new Error('no canvas for ' + chart.id); }
          var drawn = new Chart(canvas, chartConfig(chart, data.years));
          htmlLegend(drawn, canvas.parentNode.parentNode);
          drawnCharts.push(drawn);
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
    // Printing narrows the page to one column: redraw at the printed size instead of scaling.
    function resizeAll() { drawnCharts.forEach(function (c) { c.resize(); }); }
    window.addEventListener('beforeprint', resizeAll);
    window.addEventListener('afterprint', resizeAll);
    if (window.matchMedia) {
      var print = window.matchMedia('print');
      if (print.addEventListener) { print.addEventListener('change', resizeAll); }
    }
    requestAnimationFrame(function () {
      Array.prototype.forEach.call(document.querySelectorAll('canvas'), function (c) {
        try { c.setAttribute('data-ink', String(ink(c))); } catch (e) { record(c.id + ': ' + e.message); }
      });
      document.body.setAttribute('data-report-ready', '1');
    });
  });
})();
