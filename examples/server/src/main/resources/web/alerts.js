"use strict";
// The alerts part of the dashboard: active alerts, recent events (pushed over the WebSocket as
// {"type":"alert"} on the socket app.js keeps), forms to add a rule and a delivery channel, and the failover
// groups with a form to add one (moves pushed as {"type":"failover"}). Builds its own markup in
// <section id="alerts"> so app.js stays as it is. Text from the server is set with textContent.

(function () {
  const root = document.getElementById("alerts");
  if (!root) {
    return;
  }
  const KINDS = {
    pool_unhealthy: "Pool unhealthy",
    workers_below: "Active workers below (count)",
    worker_missing: "Named worker missing",
    hashrate_drop: "Hash rate below % of its average",
    reject_rate_above: "Reject rate above (%)",
    latency_above: "Latency above (ms)",
    block_found: "Block found",
    balance_increased: "Confirmed balance increased",
  };
  const NEEDS_THRESHOLD = ["workers_below", "hashrate_drop", "reject_rate_above", "latency_above"];

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") {
        e.textContent = v;
      } else {
        e.setAttribute(k, v);
      }
    }
    for (const c of children || []) {
      e.appendChild(c);
    }
    return e;
  }

  function field(label, input) {
    return el("label", {}, [document.createTextNode(label), input]);
  }

  function select(name, options) {
    const s = el("select", { name: name });
    for (const [value, text] of options) {
      s.appendChild(el("option", { value: value, text: text }));
    }
    return s;
  }

  // ------------------------------------------------------------------ markup
  const activeList = el("ul", { id: "alerts-active", class: "alerts-list" });
  const noActive = el("p", { id: "alerts-none", class: "empty", text: "No alert is firing." });
  const eventList = el("ol", { id: "alerts-events", class: "alerts-list" });
  const message = el("p", { id: "alerts-message", class: "form-message", role: "status" });
  const channelSelect = select("channel", [["", "only this page"]]);
  const poolSelect = select("pool_id", [["", "every pool"]]);
  const kindSelect = select("kind", Object.entries(KINDS));
  const ruleForm = el("form", { id: "rule-form", novalidate: "" }, [
    field("Name", el("input", { name: "name", maxlength: "100", placeholder: "pool down" })),
    field("Rule", kindSelect),
    field("Pool", poolSelect),
    field("Threshold", el("input", { name: "threshold", type: "number", step: "any", min: "0" })),
    field("For (minutes)", el("input", { name: "duration_minutes", type: "number", step: "any", min: "0", value: "0" })),
    field("Worker", el("input", { name: "worker", maxlength: "200" })),
    field("Remind every (minutes)", el("input", { name: "reminder_minutes", type: "number", step: "any", min: "1" })),
    field("Deliver to", channelSelect),
    el("button", { type: "submit", text: "Add rule" }),
  ]);
  const channelForm = el("form", { id: "channel-form", novalidate: "" }, [
    field("Id", el("input", { name: "id", maxlength: "64", placeholder: "phone" })),
    field("Type", select("type", [["ntfy", "ntfy"], ["discord", "Discord webhook"], ["telegram", "Telegram bot"], ["webhook", "Webhook (HMAC signed)"]])),
    field("URL", el("input", { name: "url", type: "url", placeholder: "https://ntfy.sh/my-rigs" })),
    field("Secret / token", el("input", { name: "secret", type: "password", autocomplete: "off" })),
    field("Telegram chat id", el("input", { name: "chat_id" })),
    el("button", { type: "submit", text: "Add channel" }),
  ]);
  const channelList = el("ul", { id: "alerts-channels", class: "alerts-list" });
  const primarySelect = select("primary", []);
  const backupSelect = select("backup", []);
  const groupForm = el("form", { id: "failover-form", novalidate: "" }, [
    field("Id", el("input", { name: "id", maxlength: "64", placeholder: "bitaxe" })),
    field("Miner", el("input", { name: "miner", maxlength: "100", placeholder: "bitaxe-1" })),
    field("Primary pool", primarySelect),
    field("Backup pool", backupSelect),
    field("Move off after (minutes)", el("input", { name: "fail_after_minutes", type: "number", step: "any", min: "0", value: "5" })),
    field("Back after well for (minutes)", el("input", { name: "recover_after_minutes", type: "number", step: "any", min: "0", value: "10" })),
    field("Stay at least (minutes)", el("input", { name: "min_dwell_minutes", type: "number", step: "any", min: "0", value: "15" })),
    field("Latency limit (ms)", el("input", { name: "max_latency_ms", type: "number", step: "any", min: "0" })),
    field("Reject limit (%)", el("input", { name: "max_reject_rate", type: "number", step: "any", min: "0", max: "100" })),
    field("AxeOS address", el("input", { name: "axeos_url", type: "url", placeholder: "http://192.168.1.50" })),
    field("Stratum user", el("input", { name: "stratum_user", maxlength: "200" })),
    field("Apply (else dry run)", el("input", { name: "apply", type: "checkbox" })),
    el("button", { type: "submit", text: "Add failover group" }),
  ]);
  const groupList = el("ul", { id: "failover-groups", class: "alerts-list" });
  root.appendChild(el("h2", { id: "alerts-title", text: "Alerts" }));
  root.appendChild(el("h3", { text: "Active" }));
  root.appendChild(activeList);
  root.appendChild(noActive);
  root.appendChild(el("h3", { text: "Recent events" }));
  root.appendChild(eventList);
  root.appendChild(el("h3", { text: "Add a rule" }));
  root.appendChild(ruleForm);
  root.appendChild(el("h3", { text: "Add a channel" }));
  root.appendChild(channelForm);
  root.appendChild(channelList);
  root.appendChild(el("h3", { text: "Failover groups" }));
  root.appendChild(groupList);
  root.appendChild(groupForm);
  root.appendChild(message);

  function showMessage(text, isError) {
    message.textContent = text;
    message.className = "form-message" + (isError ? " error" : "");
  }

  function syncRuleForm() {
    const kind = kindSelect.value;
    ruleForm.elements.threshold.closest("label").hidden = !NEEDS_THRESHOLD.includes(kind);
    ruleForm.elements.worker.closest("label").hidden = kind !== "worker_missing";
  }
  kindSelect.addEventListener("change", syncRuleForm);
  syncRuleForm();

  // ------------------------------------------------------------------ data
  async function getJson(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    if (!r.ok) {
      throw new Error(path + " answered " + r.status);
    }
    return r.json();
  }

  function eventItem(e) {
    const li = el("li", { class: "alert-event " + e.type, "data-type": e.type, "data-rule": e.rule_id }, [
      el("span", { class: "alert-time", text: new Date(e.time).toLocaleString() }),
      el("span", { class: "alert-type", text: e.type }),
      el("strong", { text: e.rule_name }),
      el("span", { class: "alert-pool", text: e.pool_id }),
      el("span", { class: "alert-message", text: e.message }),
    ]);
    return li;
  }

  async function load() {
    try {
      const [active, events, channels, pools, groups] = await Promise.all([
        getJson("/alerts/active"),
        getJson("/alerts/events?limit=20"),
        getJson("/alerts/channels"),
        getJson("/pools"),
        getJson("/failover/groups"),
      ]);
      activeList.replaceChildren(...active.map((a) =>
        el("li", { class: "alert-active", "data-rule": a.rule_id, "data-pool": a.pool_id }, [
          el("strong", { text: a.rule_name }),
          el("span", { class: "alert-pool", text: a.pool_id }),
          el("span", { class: "alert-time", text: a.since ? "since " + new Date(a.since).toLocaleString() : "" }),
        ])));
      noActive.hidden = active.length > 0;
      eventList.replaceChildren(...events.events.map(eventItem));
      channelList.replaceChildren(...channels.map((c) =>
        el("li", { "data-channel": c.id, text: c.id + " (" + c.type + (c.host ? ", " + c.host : "") + ")" })));
      const chosenChannel = channelSelect.value;
      channelSelect.replaceChildren(el("option", { value: "", text: "only this page" }),
        ...channels.map((c) => el("option", { value: c.id, text: c.id + " (" + c.type + ")" })));
      channelSelect.value = chosenChannel;
      const chosenPool = poolSelect.value;
      poolSelect.replaceChildren(el("option", { value: "", text: "every pool" }),
        ...pools.map((p) => el("option", { value: p.id, text: p.name })));
      poolSelect.value = chosenPool;
      const names = Object.fromEntries(pools.map((p) => [p.id, p.name]));
      for (const s of [primarySelect, backupSelect]) {
        const chosen = s.value;
        s.replaceChildren(...pools.map((p) => el("option", { value: p.id, text: p.name })));
        s.value = chosen;
      }
      if (!backupSelect.value || backupSelect.value === primarySelect.value) {
        const other = pools.find((p) => p.id !== primarySelect.value);
        if (other) backupSelect.value = other.id;
      }
      groupList.replaceChildren(...groups.map((g) =>
        el("li", { "data-group": g.id, "data-current": g.current_pool }, [
          el("strong", { text: g.miner }),
          el("span", { text: g.pool_ids.map((id) => names[id] || id).join(" → ") }),
          el("span", { class: "failover-current", text: "on " + (names[g.current_pool] || g.current_pool) }),
          el("span", { text: g.axeos_url ? (g.apply ? "applies to " : "dry run for ") + g.axeos_url : "advice only" }),
        ])));
    } catch (e) {
      showMessage("Alerts could not be loaded: " + e.message, true);
    }
  }

  async function send(path, body) {
    const r = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) {
      throw new Error((answer.field ? answer.field + ": " : "") + (answer.error || "HTTP " + r.status));
    }
    return answer;
  }

  function number(form, name) {
    const v = form.elements[name].value.trim();
    return v === "" ? undefined : Number(v);
  }

  ruleForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = ruleForm.elements;
    const body = { kind: f.kind.value, duration_minutes: number(ruleForm, "duration_minutes") };
    if (f.name.value.trim()) body.name = f.name.value.trim();
    if (f.pool_id.value) body.pool_id = f.pool_id.value;
    if (NEEDS_THRESHOLD.includes(body.kind)) body.threshold = number(ruleForm, "threshold");
    if (body.kind === "worker_missing") body.worker = f.worker.value.trim();
    if (f.reminder_minutes.value.trim()) body.reminder_minutes = number(ruleForm, "reminder_minutes");
    body.channels = f.channel.value ? [f.channel.value] : [];
    try {
      const rule = await send("/alerts/rules", body);
      showMessage("Added rule " + rule.name, false);
      ruleForm.reset();
      syncRuleForm();
      load();
    } catch (e) {
      showMessage(e.message, true);
    }
  });

  channelForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = channelForm.elements;
    const type = f.type.value;
    const body = { id: f.id.value.trim(), type: type };
    if (f.url.value.trim() && type !== "telegram") body.url = f.url.value.trim();
    const secret = f.secret.value;
    if (secret) {
      if (type === "webhook") body.secret = secret; else body.token = secret;
    }
    if (type === "telegram") body.chat_id = f.chat_id.value.trim();
    try {
      const ch = await send("/alerts/channels", body);
      showMessage("Added channel " + ch.id, false);
      channelForm.reset();
      load();
    } catch (e) {
      showMessage(e.message, true);
    }
  });

  groupForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = groupForm.elements;
    const body = { pool_ids: [f.primary.value, f.backup.value] };
    for (const name of ["id", "miner", "axeos_url", "stratum_user"]) {
      if (f[name].value.trim()) body[name] = f[name].value.trim();
    }
    for (const name of ["fail_after_minutes", "recover_after_minutes", "min_dwell_minutes", "max_latency_ms", "max_reject_rate"]) {
      const v = number(groupForm, name);
      if (v !== undefined) body[name] = v;
    }
    body.apply = f.apply.checked;
    try {
      const g = await send("/failover/groups", body);
      showMessage("Added failover group " + g.id, false);
      groupForm.reset();
      load();
    } catch (e) {
      showMessage(e.message, true);
    }
  });

  // ------------------------------------------------------------------ live
  // app.js owns the WebSocket and re-dispatches each message as a "hmm:live" event
  let timer;
  document.addEventListener("hmm:live", (ev) => {
    const data = ev.detail || {};
    if (data.type === "open") {
      root.dataset.live = "on";
      load(); // catch up on anything missed while disconnected
    } else if (data.type === "alert" || data.type === "failover") {
      clearTimeout(timer);
      timer = setTimeout(load, 100);
    }
  });

  load();

})();
