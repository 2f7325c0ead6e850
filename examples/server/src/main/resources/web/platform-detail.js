// The platform summary's details, from the platform tiles app.js renders (event "hmm:platform"):
// one card per coin (by_coin: hash rate, network difficulty, time to a block, blocks and earnings
// in that coin), the pools still loading, and the health message naming the unhealthy pools. A
// headline figure the server leaves empty because the pools mine several coins says where to look.
"use strict";

(function () {
  const COIN_FIELDS = [
    ["Pools", (c) => fmt.count(c.pools), "pools"],
    ["Pool hash rate", (c) => fmt.hashrate(c.pool_hashrate), "pool_hashrate"],
    ["Network difficulty", (c) => fmt.difficulty(c.network_difficulty), "network_difficulty"],
    ["Time to a block", (c) => fmt.text(c.estimated_time_to_block), "estimated_time_to_block"],
    ["Blocks 24 h", (c) => fmt.count(c.blocks_found_24h), "blocks_found_24h"],
    ["Earnings 24 h", (c, coin) => fmt.amount(c.estimated_earnings_24h, coin), "estimated_earnings_24h"],
  ];

  /** The card of a coin, made once and updated in place (a refetch must not rebuild the page). */
  function coinCard(tiles, coin) {
    let card = tiles.querySelector('[data-coin="' + coin + '"]');
    if (card) return card;
    card = document.createElement("article");
    card.className = "tile coin";
    card.dataset.coin = coin;
    const title = document.createElement("h3");
    title.textContent = coin;
    card.appendChild(title);
    const list = document.createElement("dl");
    for (const [label, , key] of COIN_FIELDS) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.dataset.field = "by_coin." + key;
      list.append(dt, dd);
    }
    card.appendChild(list);
    return card;
  }

  function renderCoins(tiles, byCoin) {
    const coins = Object.keys(byCoin).sort();
    for (const card of [...tiles.children]) {
      if (!coins.includes(card.dataset.coin)) card.remove();
    }
    coins.forEach((coin, i) => {
      const card = coinCard(tiles, coin);
      for (const [, text, key] of COIN_FIELDS) {
        put(card, "by_coin." + key, text(byCoin[coin], coin), byCoin[coin][key]);
      }
      if (tiles.children[i] !== card) tiles.insertBefore(card, tiles.children[i] || null);
    });
  }

  document.addEventListener("hmm:platform", (e) => {
    const p = e.detail;
    const root = document.getElementById("platform");
    const h = p.tile_1_health;
    put(root, "tile_1_health.loading_pools", fmt.count(h.loading_pools || 0), h.loading_pools);
    const message = root.querySelector('[data-field="tile_1_health.health_message"]');
    if (message) {
      message.textContent = h.health_message || "";
      message.dataset.raw = h.health_message || "";
      message.hidden = !h.health_message;
    }

    const coins = Object.keys(p.by_coin || {});
    const several = coins.length > 1;
    // the server never adds one coin's figure to another's: point at the per-coin cards instead
    for (const [name, value] of [
      ["tile_2_network.total_pool_hashrate", p.tile_2_network.total_pool_hashrate],
      ["tile_2_network.total_network_difficulty", p.tile_2_network.total_network_difficulty],
      ["tile_4_blocks.total_earnings_24h", p.tile_4_blocks.total_earnings_24h],
    ]) {
      if (value == null && several) put(root, name, "per coin below", value);
    }

    const section = document.getElementById("by-coin");
    const tiles = document.getElementById("by-coin-tiles");
    if (!section || !tiles) return;
    renderCoins(tiles, p.by_coin || {});
    section.hidden = coins.length === 0;
  });
})();
