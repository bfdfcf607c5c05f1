// The relationship-manager desk: live star-change notifications of the manager's portfolio, the portfolio with
// stars, and the opportunities (customers closest to their next star).
(function () {
  'use strict';
  const { api, h, stars } = Live;
  const notices = new Map(); // seq -> notification
  let manager = null;
  let portfolio = null;
  // The at-risk list (docs/contract-extension-outlook.md): loaded, then kept by tierAtRisk (upsert) and tierSafe.
  const atRisk = new Map();
  let atRiskDay = null;
  const signals = [];
  const list = document.getElementById('notices');

  const feed = new Live.SeqFeed(
    async (since, epoch) => {
      const q = new URLSearchParams({ since: String(since) });
      if (epoch) q.set('epoch', epoch);
      const response = await api(`/api/v1/portfolios/${encodeURIComponent(manager)}/notifications?${q}`);
      if (!response.ok) throw new Error('notifications: ' + response.status);
      const f = await response.json();
      return { epoch: f.epoch, lastSeq: f.lastSeq, items: f.notifications };
    },
    n => upsert(n),
    () => { notices.clear(); list.replaceChildren(); showEmpty(); });

  function upsert(n) {
    if (notices.has(n.seq)) return; // shown already
    notices.set(n.seq, n);
    const el = card(n);
    const after = [...list.children].find(li => Number(li.dataset.seq) < n.seq);
    list.insertBefore(el, after || null);
    showEmpty();
    reloadSoon();
  }

  function showEmpty() { document.getElementById('notices-empty').hidden = notices.size > 0; }

  function card(n) {
    return h('li', { class: `notice ${n.upgrade ? 'up' : 'down'}`, 'data-seq': n.seq, 'data-customer': n.customerId, 'data-old': n.oldStar, 'data-new': n.newStar },
      h('div', { class: 'alert-head' },
        h('span', { class: 'stars' }, stars(n.newStar)),
        h('strong', { class: 'name' }, n.displayName || n.customerId),
        h('span', { class: 'cid muted' }, n.customerId),
        h('span', { class: `kind ${n.upgrade ? 'upgrade' : 'visit'}` }, I18N.t(n.upgrade ? 'up' : 'down')),
        h('time', { class: 'muted', datetime: n.occurredAt }, I18N.time(n.occurredAt))),
      h('div', { class: 'what' }, I18N.t('desk.upgradeWhat', { old: I18N.star(n.oldStar), new: I18N.star(n.newStar) }),
        ' · ', I18N.t('cause.' + n.cause), ' · ', I18N.t('lookup.points'), ' ', I18N.number(n.points)),
      n.nextStar ? h('div', { class: 'muted' }, I18N.t('lookup.needed', { points: I18N.number(n.nextStar.pointsNeeded), star: I18N.star(n.nextStar.star) })) : null);
  }

  let reloadTimer = null;
  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(loadPortfolio, 300);
  }

  async function loadPortfolio() {
    const response = await api(`/api/v1/portfolios/${encodeURIComponent(manager)}`);
    if (!response.ok) return;
    portfolio = await response.json();
    renderPortfolio();
  }

  function renderPortfolio() {
    if (!portfolio) return;
    document.getElementById('portfolio-count').textContent = I18N.t('rm.customers', { n: portfolio.count });
    document.querySelector('#portfolio tbody').replaceChildren(...portfolio.customers.map(c =>
      h('tr', { 'data-customer': c.customerId },
        h('td', {}, c.customerId), h('td', {}, c.displayName || ''),
        h('td', { 'data-field': 'serviceStar', 'data-star': c.serviceStar }, h('span', { class: 'stars' }, stars(c.serviceStar)), ' ', I18N.star(c.serviceStar)),
        h('td', {}, I18N.star(c.contributionStar)),
        h('td', { class: 'num' }, I18N.number(c.points)),
        h('td', {}, c.nextStar ? `${I18N.star(c.nextStar.star)} (+${I18N.number(c.nextStar.pointsNeeded)})` : I18N.t('lookup.top')),
        h('td', {}, c.products.map(p => I18N.t('product.' + p)).join('、')))));
    const opportunities = portfolio.opportunities.map(o =>
      h('tr', { 'data-customer': o.customerId },
        h('td', {}, o.customerId), h('td', {}, o.displayName || ''),
        h('td', {}, I18N.star(o.serviceStar)), h('td', {}, I18N.star(o.nextStar)),
        h('td', { class: 'num' }, I18N.number(o.pointsNeeded)),
        h('td', { class: 'num' }, h('span', { class: 'bar-cell', style: `--share:${Math.min(1, o.shareNeeded)}` }), (o.shareNeeded * 100).toFixed(1) + '%')));
    document.querySelector('#opportunities tbody').replaceChildren(...(opportunities.length ? opportunities
      : [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, I18N.t('rm.noOpportunities')))]));
  }

  async function loadAtRisk() {
    const response = await api(`/api/v1/portfolios/${encodeURIComponent(manager)}/at-risk`);
    if (!response.ok) return;
    const list = await response.json();
    atRisk.clear();
    list.customers.forEach(c => atRisk.set(c.customerId, c));
    atRiskDay = list.nextRatingDay;
    renderAtRisk();
  }

  // Most at stake first: stars lost, then the higher star, then the fewest points to keep (as the server sorts).
  const rank = s => (s === 'unrated' ? 0 : s === 'quasi' ? 1 : Number(s) - 1);
  function renderAtRisk() {
    document.getElementById('at-risk-title').textContent = I18N.t('rm.atRisk', { date: atRiskDay ? I18N.date(atRiskDay) : '' });
    const rows = [...atRisk.values()].sort((a, b) =>
      (rank(b.serviceStar) - rank(b.projectedServiceStar)) - (rank(a.serviceStar) - rank(a.projectedServiceStar))
      || rank(b.serviceStar) - rank(a.serviceStar) || a.pointsToKeep - b.pointsToKeep || (a.customerId < b.customerId ? -1 : 1));
    document.querySelector('#at-risk tbody').replaceChildren(...(rows.length ? rows.map(c =>
      h('tr', { 'data-customer': c.customerId },
        h('td', {}, c.customerId), h('td', {}, c.displayName || ''),
        h('td', {}, h('span', { class: 'stars' }, stars(c.serviceStar)), ' ', I18N.star(c.serviceStar)),
        h('td', { class: 'down' }, I18N.star(c.projectedServiceStar)),
        h('td', { class: 'num', 'data-field': 'pointsToKeep' }, I18N.number(c.pointsToKeep)),
        h('td', { 'data-field': 'bestLift' }, c.bestLift ? I18N.lift(c.bestLift, c.nextRatingDay) : '')))
      : [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, I18N.t('rm.noAtRisk')))]));
  }

  function retentionCard(m) {
    const text = m.kind === 'largeOutflow'
      ? I18N.t('retention.largeOutflow', { before: I18N.number(m.assetsBefore), after: I18N.number(m.assetsAfter) })
      : I18N.t('retention.dormantActive', { days: m.dormantDays, previous: m.previousActivity ? m.previousActivity.slice(0, 10) : '' });
    return h('li', { class: 'notice down', 'data-customer': m.customerId, 'data-kind': m.kind },
      h('div', { class: 'alert-head' },
        h('span', { class: 'stars' }, stars(m.serviceStar)),
        h('strong', { class: 'name' }, m.displayName || m.customerId),
        h('span', { class: 'cid muted' }, m.customerId),
        h('time', { class: 'muted', datetime: m.at }, I18N.time(m.at))),
      h('div', { class: 'what' }, text));
  }

  function renderSignals() {
    const el = document.getElementById('retention');
    el.replaceChildren(...(signals.length ? signals.map(retentionCard)
      : [h('li', { class: 'muted empty' }, I18N.t('rm.noRetention'))]));
  }

  // A signal is pushed once, and kept by the portfolio for screens opened later: a push and the list may overlap.
  const signalKey = m => `${m.customerId}|${m.kind}|${m.at}`;

  async function loadSignals() {
    const response = await api(`/api/v1/portfolios/${encodeURIComponent(manager)}/retention-risks`);
    if (!response.ok) return;
    const seen = new Set(signals.map(signalKey));
    for (const m of (await response.json()).signals) if (!seen.has(signalKey(m))) signals.push(m);
    signals.splice(50);
    renderSignals();
  }

  function retention(m) {
    if (signals.some(s => signalKey(s) === signalKey(m))) return;
    signals.unshift(m);
    if (signals.length > 50) signals.pop();
    renderSignals();
  }

  document.addEventListener('langchange', () => {
    renderAtRisk();
    renderSignals();
    list.replaceChildren(...[...notices.values()].sort((a, b) => b.seq - a.seq).map(card));
    renderPortfolio();
  });

  async function main() {
    const user = await Live.me();
    if (user.role === 'teller') { location.href = '/frontdesk.html'; return; }
    Live.header(user);
    const params = new URLSearchParams(location.search);
    manager = user.role === 'admin' ? (params.get('manager') || 'M001') : user.managerId;
    const pick = document.getElementById('admin-pick');
    if (user.role === 'admin') {
      pick.hidden = false;
      document.getElementById('pick-manager').value = manager;
      pick.addEventListener('submit', async e => {
        e.preventDefault();
        const next = document.getElementById('pick-manager').value.trim();
        if (!next || next === manager) return;
        history.replaceState(null, '', '?manager=' + encodeURIComponent(next));
        manager = next;
        notices.clear(); list.replaceChildren(); feed.clear(); showEmpty();
        signals.length = 0; renderSignals();
        await connection.invoke('WatchPortfolio', manager);
        await Promise.all([feed.sync(), loadPortfolio(), loadAtRisk(), loadSignals()]);
      });
    }
    showEmpty();
    const connection = Live.connect(
      {
        starChanged: m => feed.live(m), portfolioChanged: () => reloadSoon(),
        tierAtRisk: m => { if (m.managerId !== manager) return; atRisk.set(m.customerId, m); atRiskDay = m.nextRatingDay; renderAtRisk(); },
        tierSafe: m => { if (m.managerId === manager && atRisk.delete(m.customerId)) renderAtRisk(); },
        retentionRisk: m => { if (m.managerId === manager) retention(m); },
      },
      async (hello, conn) => {
        if (user.role === 'admin') await conn.invoke('WatchPortfolio', manager);
        await Promise.all([feed.sync(), loadPortfolio(), loadAtRisk(), loadSignals()]);
      });
  }
  main();
})();
