// The dashboard page: the seed's platform tiles, then four tiles per pool. Data comes from
// GET /api/dashboard/pools/platform-tiles, GET /api/dashboard/pools and GET /pools; it is fetched
// again every 30 s and whenever the server pushes {"type":"refetch"} over the WebSocket.
"use strict";

// every 30 s; ?refresh_ms=N changes it (at least 1 s), for example to watch only the pushes
const REFRESH_MS = Math.max(1000, Number(new URLSearchParams(location.search).get("refresh_ms")) || 30000);
const DASH = "\u2014";

// ---------------------------------------------------------------- human numbers

/** Divides by 1000 until the value is below 1000 or the units run out: [value, unit]. */
function scale(v, units) {
  let i = 0;
  let x = Number(v);
  while (Math.abs(x) >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return [x, units[i]];
}

const fmt = {
  /** H/s -> "1.23 TH/s" */
  hashrate(v) {
    if (v == null) return DASH;
    const [x, unit] = scale(v, ["H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s", "ZH/s"]);
    return x.toFixed(2) + " " + unit;
  },
  /** plain difficulty -> "98.77 T" */
  difficulty(v) {
    if (v == null) return DASH;
    const [x, unit] = scale(v, ["", " K", " M", " G", " T", " P", " E", " Z"]);
    return (unit === "" ? String(Math.round(x)) : x.toFixed(2)) + unit;
  },
  /** percent (0-100) -> "12.50 %", small values with 3 significant digits: "0.0125 %" */
  percent(v) {
    if (v == null) return DASH;
    const x = Number(v);
    if (x === 0) return "0 %";
    if (Math.abs(x) >= 1) return x.toFixed(2) + " %";
    return String(Number(x.toPrecision(3))) + " %";
  },
  /** probability (0-1) -> percent text */
  odds(v) {
    return v == null ? DASH : fmt.percent(Number(v) * 100);
  },
  count(v) {
    return v == null ? DASH : Number(v).toLocaleString("en-US");
  },
  ms(v) {
    return v == null ? DASH : Math.round(Number(v)).toLocaleString("en-US") + " ms";
  },
  /** coin amount -> "0.00012345 BTC" (at most 8 decimals, no trailing zeros) */
  amount(v, currency) {
    if (v == null) return DASH;
    let s = Number(v).toFixed(8).replace(/\.?0+$/, "");
    return currency ? s + " " + currency : s;
  },
  /** seconds -> the contract's human duration: "N minutes", "N hours", "N days", "N years" */
  duration(seconds) {
    if (seconds == null) return DASH;
    const s = Number(seconds);
    const plural = (n, unit) => n + " " + unit + (n === 1 ? "" : "s");
    if (s < 3600) return plural(Math.max(0, Math.round(s / 60)), "minute");
    if (s < 86400) return plural(Math.round(s / 3600), "hour");
    if (s < 365.25 * 86400) return plural(Math.round(s / 86400), "day");
    return plural(Math.round(s / (365.25 * 86400)), "year");
  },
  text(v) {
    return v == null || v === "" ? DASH : String(v);
  },
};

// ---------------------------------------------------------------- rendering

/** Sets the text of the element with data-field=name and keeps the raw value in data-raw. */
function put(root, name, text, raw) {
  const el = root.querySelector('[data-field="' + name + '"]');
  if (!el) return;
  el.textContent = text;
  el.dataset.raw = raw == null ? "" : String(raw);
}

function renderPlatform(p) {
  const root = document.getElementById("platform");
  const h = p.tile_1_health, n = p.tile_2_network, s = p.tile_3_shares, b = p.tile_4_blocks;
  put(root, "tile_1_health.status", h.status.replace("_", " "), h.status);
  root.querySelector('[data-field="tile_1_health.status"]').className = "badge " + h.status;
  put(root, "tile_1_health.healthy_of_total", h.healthy_pools + " of " + h.total_pools, h.healthy_pools);
  put(root, "tile_1_health.avg_latency_ms", fmt.ms(h.avg_latency_ms), h.avg_latency_ms);
  put(root, "tile_2_network.total_pool_hashrate", fmt.hashrate(n.total_pool_hashrate), n.total_pool_hashrate);
  put(root, "tile_2_network.total_network_difficulty", fmt.difficulty(n.total_network_difficulty), n.total_network_difficulty);
  put(root, "tile_2_network.avg_pool_percentage", fmt.percent(n.avg_pool_percentage), n.avg_pool_percentage);
  put(root, "tile_2_network.estimated_time_to_block", fmt.text(n.estimated_time_to_block), n.estimated_time_to_block);
  put(root, "tile_3_shares.total_valid", fmt.count(s.total_valid), s.total_valid);
  put(root, "tile_3_shares.total_invalid", fmt.count(s.total_invalid), s.total_invalid);
  put(root, "tile_3_shares.total_stale", fmt.count(s.total_stale), s.total_stale);
  put(root, "tile_3_shares.avg_reject_rate", fmt.percent(s.avg_reject_rate), s.avg_reject_rate);
  put(root, "tile_3_shares.best_share_difficulty", fmt.difficulty(s.best_share_difficulty), s.best_share_difficulty);
  put(root, "tile_3_shares.best_share_difficulty_ever", fmt.difficulty(s.best_share_difficulty_ever), s.best_share_difficulty_ever);
  put(root, "tile_4_blocks.total_blocks_24h", fmt.count(b.total_blocks_24h), b.total_blocks_24h);
  const oneCurrency = b.currencies.length === 1 ? b.currencies[0] : null;
  put(root, "tile_4_blocks.total_earnings_24h", fmt.amount(b.total_earnings_24h, oneCurrency), b.total_earnings_24h);
  put(root, "tile_4_blocks.currencies", b.currencies.length ? b.currencies.join(", ") : DASH, b.currencies.join(","));
  document.dispatchEvent(new CustomEvent("hmm:platform", { detail: p })); // by-coin.js
}

/** A sibling named by its pool id reads with the name the page shows for that pool. */
function withPoolNames(text) {
  return String(text).replace(/'([0-9a-f-]{36})'/g, (all, id) => {
    const name = poolSection(id)?.querySelector(".pool-name")?.textContent;
    return name ? "'" + name + "'" : all;
  });
}

/**
 * Marks network figures the SDK filled in because the pool gave none: "via sibling pool '…'",
 * "via node http://…", "via explorer http://…"; hidden for the pool's own figures.
 */
function renderNetworkSource(section, n) {
  const filled = n.network_source != null && n.network_source !== "pool";
  const note = filled ? "via " + withPoolNames(n.network_source_detail || n.network_source) : "";
  put(section, "tile_2_network.network_source", note, n.network_source);
  const el = section.querySelector('[data-field="tile_2_network.network_source"]');
  if (!el) return;
  el.hidden = !filled;
  el.title = filled ? "filled in: " + (n.network_filled || []).join(", ") : "";
}

function renderPoolTiles(section, t) {
  const h = t.tile_1_health, n = t.tile_2_network, s = t.tile_3_shares, b = t.tile_4_blocks;
  const healthy = h.health_status === true;
  // "loading": the pool has not answered yet; the server pushes a refetch when it does
  const state = h.health_state || (healthy ? "healthy" : "unhealthy");
  section.classList.toggle("unhealthy", state === "unhealthy");
  section.classList.toggle("loading", state === "loading");
  const badge = section.querySelector('[data-field="tile_1_health.health_status"]');
  put(section, "tile_1_health.health_status", state, h.health_status);
  badge.className = "badge " + state;
  put(section, "tile_1_health.health_message", h.health_message || "", h.health_message);
  put(section, "tile_1_health.latency_ms", fmt.ms(h.latency_ms), h.latency_ms);
  put(section, "tile_1_health.active_workers", fmt.count(h.active_workers), h.active_workers);
  put(section, "tile_2_network.pool_hashrate", fmt.hashrate(n.pool_hashrate), n.pool_hashrate);
  put(section, "tile_2_network.network_difficulty", fmt.difficulty(n.network_difficulty), n.network_difficulty);
  renderNetworkSource(section, n);
  put(section, "tile_2_network.pool_percentage", fmt.percent(n.pool_percentage), n.pool_percentage);
  put(section, "tile_2_network.estimated_time_to_block", fmt.text(n.estimated_time_to_block), n.estimated_time_to_block);
  put(section, "tile_2_network.user_hashrate", fmt.hashrate(n.user_hashrate), n.user_hashrate);
  const userTtb = n.user_estimated_time_to_block == null ? DASH
    : n.user_estimated_time_to_block + (n.user_block_odds_24h == null ? "" : " (" + fmt.odds(n.user_block_odds_24h) + " in 24 h)");
  put(section, "tile_2_network.user_estimated_time_to_block", userTtb, n.user_estimated_time_to_block);
  put(section, "tile_3_shares.shares_valid", fmt.count(s.shares_valid), s.shares_valid);
  put(section, "tile_3_shares.shares_invalid", fmt.count(s.shares_invalid), s.shares_invalid);
  put(section, "tile_3_shares.shares_stale", fmt.count(s.shares_stale), s.shares_stale);
  put(section, "tile_3_shares.reject_rate", fmt.percent(s.reject_rate), s.reject_rate);
  put(section, "tile_3_shares.best_share_difficulty", fmt.difficulty(s.best_share_difficulty), s.best_share_difficulty);
  put(section, "tile_3_shares.best_share_difficulty_ever", fmt.difficulty(s.best_share_difficulty_ever), s.best_share_difficulty_ever);
  put(section, "tile_4_blocks.blocks_found_24h", fmt.count(b.blocks_found_24h), b.blocks_found_24h);
  const earnings = t.supports_earnings || b.estimated_earnings_24h != null
    ? fmt.amount(b.estimated_earnings_24h, b.currency) : "not reported by this pool";
  put(section, "tile_4_blocks.estimated_earnings_24h", earnings, b.estimated_earnings_24h);
  const noBalance = !t.supports_balance && b.confirmed_balance == null && b.pending_balance == null;
  put(section, "tile_4_blocks.confirmed_balance", noBalance ? "not reported by this pool" : fmt.amount(b.confirmed_balance, b.currency), b.confirmed_balance);
  put(section, "tile_4_blocks.pending_balance", noBalance ? "not reported by this pool" : fmt.amount(b.pending_balance, b.currency), b.pending_balance);
  const since = b.time_since_last_block_seconds;
  put(section, "tile_4_blocks.time_since_last_block_seconds", since == null ? DASH : fmt.duration(since) + " ago", since);
}

function clearPoolTiles(section) {
  section.querySelectorAll("[data-field]").forEach((el) => {
    el.textContent = DASH;
    el.dataset.raw = "";
  });
  section.querySelector('[data-field="tile_1_health.health_message"]').textContent = "";
}

/** Makes the pool sections match the stored pools (order, names); tiles are filled in as they arrive. */
function renderPoolList(stored) {
  const container = document.getElementById("pools");
  const template = document.getElementById("pool-template");
  const keep = new Set(stored.map((p) => p.id));
  container.querySelectorAll("section.pool").forEach((s) => {
    if (!keep.has(s.dataset.poolId)) s.remove();
  });
  stored.forEach((pool, index) => {
    let section = poolSection(pool.id);
    if (!section) {
      section = template.content.firstElementChild.cloneNode(true);
      section.dataset.poolId = pool.id;
      section.querySelector("button.remove").addEventListener("click", (e) => removePool(pool.id, e.currentTarget));
      showNote(section, "Loading tiles\u2026");
    }
    if (container.children[index] !== section) container.insertBefore(section, container.children[index] || null);
    section.querySelector(".pool-name").textContent = pool.name;
    if (!section.dataset.displayName) section.querySelector(".pool-kind").textContent = pool.pool_type;
    section.querySelector(".pool-endpoint").textContent = pool.url + (pool.url.includes(":" + pool.port) ? "" : " : " + pool.port)
      + (pool.username ? " \u00b7 " + pool.username : "");
    section.classList.toggle("disabled", !pool.enabled);
    if (!pool.enabled) {
      showNote(section, "Disabled: not watched.");
      clearPoolTiles(section);
    }
  });
  document.getElementById("no-pools").hidden = stored.length > 0;
}

function poolSection(id) {
  return document.querySelector('#pools section.pool[data-pool-id="' + CSS.escape(id) + '"]');
}

function showNote(section, text) {
  const note = section.querySelector(".pool-note");
  note.hidden = !text;
  note.textContent = text || "";
}

function renderPoolSet(id, set) {
  const section = poolSection(id);
  if (!section) return; // removed meanwhile
  section.dataset.displayName = set.display_name;
  section.querySelector(".pool-kind").textContent = set.display_name;
  showNote(section, "");
  renderPoolTiles(section, set);
}

// ---------------------------------------------------------------- data

async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const e = new Error((body && body.error) || "HTTP " + res.status + " from " + path);
    e.status = res.status;
    throw e;
  }
  return body;
}

// Each resource (the pool list, the platform tiles, each pool's tiles) is fetched on its own, so a
// slow pool delays only its own section; an answer older than one already shown is dropped.
let sequence = 0;
const shown = {};

async function load(key, path, render) {
  const seq = ++sequence;
  const data = await getJson(path);
  if (seq > (shown[key] || 0)) {
    shown[key] = seq;
    render(data);
  }
}

/** Fetches everything again and redraws each part as its answer arrives. */
async function refresh() {
  const jobs = [load("platform", "/api/dashboard/pools/platform-tiles", renderPlatform)];
  jobs.push(
    load("pools", "/pools", (stored) => {
      renderPoolList(stored);
      stored.filter((p) => p.enabled).forEach((p) => {
        load("pool:" + p.id, "/api/dashboard/pools?pool_id=" + encodeURIComponent(p.id), (m) => renderPoolSet(p.id, m[p.id]))
          .catch((e) => {
            const section = poolSection(p.id);
            if (section && e.status === 404) {
              showNote(section, "No tiles: the server does not watch this pool (see the server log).");
              clearPoolTiles(section);
            }
          });
      });
    })
  );
  try {
    await Promise.all(jobs);
    document.getElementById("load-error").hidden = true;
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    const banner = document.getElementById("load-error");
    banner.textContent = "Could not load the dashboard: " + e.message;
    banner.hidden = false;
  }
}

// ---------------------------------------------------------------- live updates

let pushTimer = null;
let retryMs = 1000;

function connectLive() {
  const live = document.getElementById("live");
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  let ws;
  try {
    ws = new WebSocket(scheme + location.host + "/api/dashboard/updates");
  } catch (e) {
    scheduleReconnect();
    return;
  }
  ws.onopen = () => {
    retryMs = 1000;
    live.textContent = "live updates: on";
    live.className = "live on";
    refresh(); // catch up on anything missed while disconnected
    document.dispatchEvent(new CustomEvent("hmm:live", { detail: { type: "open" } }));
  };
  ws.onmessage = (msg) => {
    let data;
    try {
      data = JSON.parse(msg.data);
    } catch (e) {
      return;
    }
    document.dispatchEvent(new CustomEvent("hmm:live", { detail: data })); // for alerts.js and other parts
    if (data.type === "refetch") {
      // several changes arrive together (a pool added, then its first tiles): fetch once
      clearTimeout(pushTimer);
      pushTimer = setTimeout(refresh, 150);
    }
  };
  ws.onclose = () => {
    live.textContent = "live updates: reconnecting";
    live.className = "live off";
    scheduleReconnect();
  };
}

function scheduleReconnect() {
  setTimeout(connectLive, retryMs);
  retryMs = Math.min(retryMs * 2, 30000);
}

// ---------------------------------------------------------------- form

const pluginsByType = {};

async function loadPoolTypes() {
  const select = document.querySelector('#pool-form select[name="pool_type"]');
  const types = await getJson("/pools/types");
  select.replaceChildren();
  types.forEach((t) => {
    pluginsByType[t.pool_type] = t;
    const o = document.createElement("option");
    o.value = t.pool_type;
    o.textContent = t.display_name + " (" + t.supports_coins.join(", ") + ")";
    select.appendChild(o);
  });
  select.addEventListener("change", updateKeyHint);
  updateKeyHint();
}

function updateKeyHint() {
  const type = document.querySelector('#pool-form select[name="pool_type"]').value;
  const plugin = pluginsByType[type];
  document.querySelector('[data-hint="api_key"]').textContent = plugin && plugin.requires_api_key ? "(required)" : "(optional)";
}

function showFormMessage(text, isError) {
  const m = document.getElementById("form-message");
  m.textContent = text;
  m.className = isError ? "error" : "ok";
}

async function submitPool(event) {
  event.preventDefault();
  const form = event.target;
  form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
  const v = (name) => form.elements[name].value.trim();
  const body = { pool_type: v("pool_type"), url: v("url"), port: v("port") === "" ? null : Number(v("port")) };
  if (v("name")) body.name = v("name");
  if (v("username")) body.username = v("username");
  if (form.elements.api_key.value) body.api_key = form.elements.api_key.value;
  const config = {};
  if (v("coin")) config.coin = v("coin");
  if (v("api_base_url")) config.api_base_url = v("api_base_url");
  if (Object.keys(config).length) body.config = config;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const res = await fetch("/pools", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) {
      const field = answer.field && form.elements[answer.field] ? answer.field
        : answer.field && form.elements[answer.field.replace(/^config\./, "")] ? answer.field.replace(/^config\./, "") : null;
      if (field) form.elements[field].classList.add("invalid");
      showFormMessage(answer.error || "HTTP " + res.status, true);
      return;
    }
    form.reset();
    updateKeyHint();
    showFormMessage("Added " + answer.name + ".", false);
    refresh();
  } catch (e) {
    showFormMessage("Could not reach the server: " + e.message, true);
  } finally {
    button.disabled = false;
  }
}

async function removePool(id, button) {
  if (button.dataset.armed !== "yes") {
    button.dataset.armed = "yes";
    button.textContent = "Really remove?";
    setTimeout(() => {
      button.dataset.armed = "";
      button.textContent = "Remove";
    }, 4000);
    return;
  }
  button.disabled = true;
  try {
    const res = await fetch("/pools/" + encodeURIComponent(id), { method: "DELETE" });
    if (!res.ok && res.status !== 404) {
      const answer = await res.json().catch(() => ({}));
      throw new Error(answer.error || "HTTP " + res.status);
    }
    refresh();
  } catch (e) {
    showFormMessage("Could not remove the pool: " + e.message, true);
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- start

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("pool-form").addEventListener("submit", submitPool);
  loadPoolTypes().catch((e) => showFormMessage("Could not load the pool types: " + e.message, true));
  refresh();
  setInterval(refresh, REFRESH_MS);
  connectLive();
});
