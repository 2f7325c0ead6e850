// History (issue 14): a chart per pool of its hash rate over 1 h / 24 h / 7 d / 30 d, with the
// times the pool was unhealthy or not recorded shaded, and a comparison of the pools over the same
// range, sortable by any column. Data: GET /api/dashboard/pools/{id}/history and
// GET /api/dashboard/comparison. Charts are drawn by uPlot, served by this server (/vendor/uplot).
// Uses fmt and getJson from app.js (loaded first).
"use strict";

/** The range buttons and the step asked for with each (the server widens a step to what it stores). */
const HISTORY_STEPS = { "1h": "30s", "24h": "5m", "7d": "1h", "30d": "6h" };

/** State, readable from tests: charts[poolId] is the uPlot instance, series[poolId] the API answer. */
const hmmHistory = { range: "24h", charts: {}, series: {}, rows: [], sort: { key: "name", dir: 1 } };
window.hmmHistory = hmmHistory;

const COMPARISON_COLUMNS = [
  { key: "name", label: "Pool", show: (r) => r.name },
  { key: "uptime_percent", label: "Uptime", show: (r) => fmt.percent(r.uptime_percent) },
  { key: "avg_user_hashrate", label: "Avg hash rate", show: (r) => fmt.hashrate(r.avg_user_hashrate) },
  { key: "median_user_hashrate", label: "Median hash rate", show: (r) => fmt.hashrate(r.median_user_hashrate) },
  { key: "latency_p50_ms", label: "Latency p50", show: (r) => fmt.ms(r.latency_p50_ms) },
  { key: "latency_p95_ms", label: "Latency p95", show: (r) => fmt.ms(r.latency_p95_ms) },
  { key: "reject_rate_percent", label: "Reject rate", show: (r) => fmt.percent(r.reject_rate_percent) },
  { key: "blocks_found", label: "Blocks", show: (r) => fmt.count(r.blocks_found) },
  { key: "earnings_per_ths_per_day", label: "Earnings / TH/s / day", show: (r) => fmt.amount(r.earnings_per_ths_per_day) },
  { key: "luck_percent", label: "Luck", show: (r) => fmt.percent(r.luck_percent) },
];

function historySection() {
  const section = document.getElementById("history");
  if (section.dataset.built) return section;
  section.dataset.built = "yes";
  section.innerHTML =
    '<h2 id="history-title">History</h2>' +
    '<div class="history-ranges" role="group" aria-label="range"></div>' +
    '<div id="history-charts" class="history-charts"></div>' +
    '<h2>Comparison <small class="comparison-range"></small></h2>' +
    '<div class="comparison-wrap"><table id="comparison" class="comparison"><thead><tr></tr></thead><tbody></tbody></table></div>';
  const buttons = section.querySelector(".history-ranges");
  Object.keys(HISTORY_STEPS).forEach((range) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = range;
    b.dataset.range = range;
    b.addEventListener("click", () => {
      hmmHistory.range = range;
      loadHistory();
    });
    buttons.appendChild(b);
  });
  const head = section.querySelector("#comparison thead tr");
  COMPARISON_COLUMNS.forEach((c) => {
    const th = document.createElement("th");
    th.textContent = c.label;
    th.dataset.key = c.key;
    th.tabIndex = 0;
    const sortBy = () => {
      hmmHistory.sort = { key: c.key, dir: hmmHistory.sort.key === c.key ? -hmmHistory.sort.dir : 1 };
      renderComparison();
    };
    th.addEventListener("click", sortBy);
    th.addEventListener("keydown", (e) => { if (e.key === "Enter") sortBy(); });
    head.appendChild(th);
  });
  return section;
}

/**
 * The chart's data from the API's samples: x in epoch seconds, y the hash rate (the user's when the
 * pool gives it, else the pool's). A step with no sample becomes a null, so the line breaks there.
 */
function chartData(series) {
  const samples = series.samples;
  const field = samples.some((s) => s.user_hashrate != null) ? "user_hashrate" : "pool_hashrate";
  const step = series.step_seconds;
  const xs = [];
  const ys = [];
  let previous = null;
  for (const s of samples) {
    const t = Date.parse(s.time) / 1000;
    if (previous != null && t - previous > step * 1.5) {
      xs.push(previous + step);
      ys.push(null);
    }
    xs.push(t);
    ys.push(s[field]);
    previous = t;
  }
  return { field, data: [xs, ys] };
}

/** Shades each step where the pool was unhealthy (red) or nothing was recorded (grey). */
function shadeHealth(series) {
  return (u) => {
    const ctx = u.ctx;
    const step = series.step_seconds;
    const top = u.bbox.top;
    const height = u.bbox.height;
    const band = (from, to, colour) => {
      const x0 = u.valToPos(from, "x", true);
      const x1 = u.valToPos(to, "x", true);
      ctx.fillStyle = colour;
      ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
    };
    ctx.save();
    let previous = null;
    for (const s of series.samples) {
      const t = Date.parse(s.time) / 1000;
      if (previous != null && t - previous > step * 1.5) band(previous + step, t, "rgba(100, 112, 135, 0.15)");
      if (s.healthy_samples < s.samples) band(t, t + step, "rgba(197, 48, 48, " + (0.1 + 0.3 * (1 - s.healthy_samples / s.samples)) + ")");
      previous = t;
    }
    ctx.restore();
  };
}

function drawChart(poolId, name, series) {
  const list = document.getElementById("history-charts");
  let box = list.querySelector('[data-pool-id="' + CSS.escape(poolId) + '"]');
  if (!box) {
    box = document.createElement("article");
    box.className = "history-chart";
    box.dataset.poolId = poolId;
    box.innerHTML = '<h3></h3><div class="chart"></div><p class="history-empty" hidden>No history recorded in this range yet.</p>';
    list.appendChild(box);
  }
  box.querySelector("h3").textContent = name;
  const { field, data } = chartData(series);
  box.dataset.field = field;
  box.querySelector(".history-empty").hidden = series.samples.length > 0;
  const old = hmmHistory.charts[poolId];
  if (old) old.destroy();
  hmmHistory.series[poolId] = series;
  const holder = box.querySelector(".chart");
  holder.textContent = "";
  const width = Math.max(300, holder.clientWidth || list.clientWidth || 800);
  hmmHistory.charts[poolId] = new uPlot(
    {
      width,
      height: 200,
      series: [
        {},
        {
          label: field === "user_hashrate" ? "Your hash rate" : "Pool hash rate",
          stroke: "#2b6cb0",
          width: 1.5,
          spanGaps: false,
          value: (u, v) => fmt.hashrate(v),
        },
      ],
      axes: [{}, { size: 80, values: (u, vals) => vals.map((v) => fmt.hashrate(v)) }],
      hooks: { drawClear: [shadeHealth(series)] },
    },
    data,
    holder
  );
}

function renderComparison() {
  const table = document.getElementById("comparison");
  const { key, dir } = hmmHistory.sort;
  const rows = hmmHistory.rows.slice().sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x == null && y == null) return 0;
    if (x == null) return 1; // unknown figures last, whichever the direction
    if (y == null) return -1;
    return (typeof x === "string" ? x.localeCompare(y) : x - y) * dir;
  });
  table.querySelectorAll("th").forEach((th) => {
    th.setAttribute("aria-sort", th.dataset.key === key ? (dir > 0 ? "ascending" : "descending") : "none");
  });
  const body = table.querySelector("tbody");
  body.textContent = "";
  for (const r of rows) {
    const tr = document.createElement("tr");
    tr.dataset.poolId = r.pool_id;
    COMPARISON_COLUMNS.forEach((c) => {
      const td = document.createElement("td");
      td.textContent = c.show(r);
      td.dataset.key = c.key;
      if (r[c.key] != null) td.dataset.raw = r[c.key];
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
}

let historySequence = 0;

/** Loads the comparison and every pool's series for the chosen range, and redraws. */
async function loadHistory() {
  const section = historySection();
  const range = hmmHistory.range;
  const seq = ++historySequence;
  section.querySelectorAll(".history-ranges button").forEach((b) => b.classList.toggle("active", b.dataset.range === range));
  try {
    const comparison = await getJson("/api/dashboard/comparison?range=" + range);
    if (seq !== historySequence) return;
    hmmHistory.rows = comparison.pools;
    section.querySelector(".comparison-range").textContent = "(last " + comparison.range + ")";
    renderComparison();
    const ids = new Set(comparison.pools.map((p) => p.pool_id));
    document.querySelectorAll("#history-charts .history-chart").forEach((box) => {
      if (!ids.has(box.dataset.poolId)) {
        if (hmmHistory.charts[box.dataset.poolId]) hmmHistory.charts[box.dataset.poolId].destroy();
        delete hmmHistory.charts[box.dataset.poolId];
        box.remove();
      }
    });
    await Promise.all(
      comparison.pools.map(async (p) => {
        const path = "/api/dashboard/pools/" + encodeURIComponent(p.pool_id) + "/history?range=" + range + "&step=" + HISTORY_STEPS[range];
        const series = await getJson(path);
        if (seq === historySequence) drawChart(p.pool_id, p.name, series);
      })
    );
    section.dataset.loaded = range;
  } catch (e) {
    section.dataset.error = e.message;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  loadHistory();
  setInterval(loadHistory, 60000);
});
