// What every staff screen shares: the signed-in identity, the hub connection with automatic reconnect and a visible
// state, the sequence-number bookkeeping that makes a screen miss nothing and show nothing twice, and the
// receive-to-render timings (window.crmScreen.renders).
(function () {
  'use strict';
  const now = () => performance.timeOrigin + performance.now();
  const metrics = { renders: [], last: null };
  window.crmScreen = metrics;

  // Writes authenticated by the sign-in cookie must carry the anti-forgery token (docs/security.md). It is bound to the
  // signed-in user: fetched once per page, again when the server refuses it (another sign-in in another tab).
  const CSRF_HEADER = 'X-CSRF-TOKEN';
  let csrfToken = null;
  function csrf(fresh = false) {
    if (fresh || !csrfToken) {
      csrfToken = fetch('/api/v1/screens/antiforgery-token', { credentials: 'same-origin' }).then(async r => {
        if (r.status === 401) { location.href = '/'; throw new Error('signed out'); }
        if (!r.ok) throw new Error('antiforgery-token: ' + r.status);
        return (await r.json()).token;
      });
      csrfToken.catch(() => { csrfToken = null; });
    }
    return csrfToken;
  }
  const isWrite = method => !['GET', 'HEAD', 'OPTIONS'].includes((method || 'GET').toUpperCase());

  async function api(path, options = {}, retried = false) {
    const headers = { ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...(options.headers || {}) };
    if (isWrite(options.method)) headers[CSRF_HEADER] = await csrf(retried);
    const response = await fetch(path, { credentials: 'same-origin', ...options, headers });
    if (response.status === 401) { location.href = '/'; throw new Error('signed out'); }
    if (response.status === 400 && isWrite(options.method) && !retried && await refusedToken(response)) return api(path, options, true);
    return response;
  }

  async function refusedToken(response) {
    try {
      const body = await response.clone().json();
      return (body.errors || []).some(e => e.field === CSRF_HEADER);
    } catch { return false; }
  }

  async function me() {
    const response = await api('/api/v1/screens/me');
    if (!response.ok) throw new Error('me: ' + response.status);
    return response.json();
  }

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k.startsWith('data-')) el.setAttribute(k, v);
      else el.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c.nodeType ? c : String(c));
    return el;
  }

  function stars(wire) {
    const n = Number(wire);
    return Number.isFinite(n) ? '★'.repeat(n) : (wire === 'quasi' ? '☆' : '–');
  }

  /** Receive-to-render: the time from a hub message's arrival to the frame that shows it. */
  function rendered(type, message, receivedAt) {
    requestAnimationFrame(() => {
      const renderedAt = now();
      const entry = { type, seq: message.seq, customerId: message.customerId, occurredAt: message.occurredAt,
        sentAt: message.sentAt, receivedAt, renderedAt, ms: renderedAt - receivedAt };
      metrics.renders.push(entry);
      if (metrics.renders.length > 2000) metrics.renders.splice(0, 1000);
      metrics.last = entry;
      showLastRender();
    });
  }

  function showLastRender() {
    const el = document.getElementById('render-time');
    if (!el) return;
    el.textContent = metrics.last ? I18N.t('status.lastRender', { ms: metrics.last.ms.toFixed(1) }) : I18N.t('status.none');
  }

  /**
   * Keeps a screen's view of one numbered feed (a desk's alerts or a portfolio's notifications) complete:
   * live messages advance lastSeq one by one; a gap, another epoch or a reconnect fetches what came after lastSeq.
   * apply(item) must be an idempotent upsert, so an item seen live and again in a fetch shows once.
   */
  class SeqFeed {
    constructor(fetchSince, apply, reset) {
      this.fetchSince = fetchSince; this.apply = apply; this.reset = reset;
      this.epoch = null; this.lastSeq = 0; this.running = null; this.again = false;
      // Safety net: a desk or portfolio whose silo failed comes back without this node's observer until the node
      // renews it (30 s); a quiet feed would show no gap meanwhile. So ask now and then, while connected.
      setInterval(() => { if (this.epoch !== null && document.querySelector('#conn-state[data-state=connected]')) this.sync().catch(() => {}); }, 30000);
    }
    sync() {
      if (this.running) { this.again = true; return this.running; }
      this.running = (async () => {
        try {
          do {
            this.again = false;
            const feed = await this.fetchSince(this.lastSeq, this.epoch);
            if (feed.epoch !== this.epoch) {
              if (this.epoch !== null) this.reset();
              this.epoch = feed.epoch; this.lastSeq = 0;
            }
            for (const item of feed.items) this.apply(item);
            this.lastSeq = Math.max(this.lastSeq, feed.lastSeq);
          } while (this.again);
        } finally { this.running = null; }
      })();
      return this.running;
    }
    live(message) {
      if (this.epoch === null || message.epoch !== this.epoch) { this.sync().catch(() => {}); return; }
      this.apply(message);
      if (message.seq === this.lastSeq + 1) this.lastSeq = message.seq;
      else if (message.seq > this.lastSeq + 1) this.sync().catch(() => {}); // something was missed: fetch it
    }
    clear() { this.epoch = null; this.lastSeq = 0; }
  }

  /**
   * Connects to /hubs/frontdesk and keeps connected. handlers: { vipAlert: fn, ... }. onReady(hello) runs after every
   * (re)connect, before the state shows "connected": it fetches what was missed.
   */
  function connect(handlers, onReady) {
    const state = document.getElementById('conn-state');
    const setState = s => {
      if (!state) return;
      state.dataset.state = s;
      state.textContent = I18N.t('status.' + s);
    };
    document.addEventListener('langchange', () => { if (state) setState(state.dataset.state); showLastRender(); });
    setState('connecting');
    showLastRender();

    // negotiate is a POST with the cookie: it carries the token too (read at each request, so a refresh applies).
    const hubHeaders = {};
    const refreshHubToken = fresh => csrf(fresh).then(t => { hubHeaders[CSRF_HEADER] = t; });
    const connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/frontdesk', { headers: hubHeaders })
      .withAutomaticReconnect({
        // Never give up: 0.5 s, 1 s, 2 s, then every 5 s. Every few tries, check the sign-in (and its token) is still valid.
        nextRetryDelayInMilliseconds: ctx => {
          if (ctx.previousRetryCount > 0 && ctx.previousRetryCount % 4 === 0) me().then(() => refreshHubToken(true)).catch(() => {});
          return Math.min(500 * 2 ** ctx.previousRetryCount, 5000);
        },
      })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection.keepAliveIntervalInMilliseconds = 10000;
    connection.serverTimeoutInMilliseconds = 30000;

    for (const [name, handler] of Object.entries(handlers)) {
      connection.on(name, message => {
        const receivedAt = now();
        handler(message);
        rendered(name, message, receivedAt);
      });
    }

    async function ready() {
      setState('syncing');
      const hello = await connection.invoke('Hello');
      await onReady(hello, connection);
      if (connection.state === signalR.HubConnectionState.Connected) setState('connected');
    }

    connection.onreconnecting(() => setState('reconnecting'));
    connection.onreconnected(() => ready().catch(() => connection.stop()));
    connection.onclose(() => { setState('disconnected'); setTimeout(start, 2000); });

    async function start() {
      try {
        setState('connecting');
        await refreshHubToken(false);
        await connection.start();
        await ready();
      } catch (e) {
        setState('reconnecting');
        me().then(() => refreshHubToken(true)).catch(() => {});
        if (connection.state === signalR.HubConnectionState.Disconnected) setTimeout(start, 2000);
      }
    }
    start();
    return connection;
  }

  async function signOut() {
    try {
      await fetch('/api/v1/screens/sign-out', { method: 'POST', credentials: 'same-origin', headers: { [CSRF_HEADER]: await csrf() } });
    } catch { /* signed out already: the sign-in page follows anyway */ }
    location.href = '/';
  }

  function header(user) {
    const who = document.getElementById('who');
    if (who) {
      const render = () => {
        const scope = user.branchId ? ` · ${I18N.t('branch')} ${user.branchId}` : user.managerId ? ` · ${I18N.t('manager')} ${user.managerId}` : '';
        who.textContent = `${user.username} (${I18N.t('role.' + user.role)})${scope}`;
      };
      render();
      document.addEventListener('langchange', render);
    }
    document.querySelectorAll('[data-sign-out]').forEach(b => b.addEventListener('click', signOut));
  }

  window.Live = { api, me, h, stars, connect, SeqFeed, header, now };
})();
