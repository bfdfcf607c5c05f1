// The admin's rule set page: every version with its state, and the live impact of the pending one (shadow or
// scheduled), pushed over the hub (ruleImpact, at most once a second while it changes) after one read of its running
// counts (GET …/impact never visits the customers). The list of versions is read again every ten seconds.
(function () {
  'use strict';
  const { api, h, stars } = Live;
  const LIST_PERIOD_MS = 10000;
  let sets = null;
  let impact = null;
  let pendingVersion = null;
  let connection = null;
  let watching = null;

  async function load() {
    const response = await api('/api/v1/rule-sets');
    if (!response.ok) return;
    sets = await response.json();
    const pending = sets.ruleSets.find(v => v.state === 'shadow' || v.state === 'scheduled');
    pendingVersion = pending ? pending.version : null;
    if (!pending) impact = null;
    else if (!impact || impact.version !== pending.version) {
      const r = await api(`/api/v1/rule-sets/${encodeURIComponent(pending.version)}/impact`);
      impact = r.ok ? await r.json() : null;
    }
    if (connection && pendingVersion && watching !== pendingVersion) {
      await connection.invoke('WatchRuleImpact', pendingVersion);
      watching = pendingVersion;
    }
    render();
  }

  function render() {
    if (!sets) return;
    document.querySelector('#versions tbody').replaceChildren(...sets.ruleSets.map(v => {
      const last = v.audit[v.audit.length - 1];
      return h('tr', { 'data-version': v.version, 'data-state': v.state },
        h('td', {}, v.version), h('td', {}, I18N.t('rules.state.' + v.state)), h('td', {}, v.effectiveFrom || '—'),
        h('td', { class: 'num' }, String(v.windowDays)), h('td', {}, last ? `${last.by} · ${I18N.time(last.at)}` : ''));
    }));
    document.getElementById('impact-none').hidden = impact !== null;
    document.getElementById('impact').hidden = impact === null;
    document.getElementById('impact-version').textContent = impact ? impact.version : '';
    if (!impact) return;
    document.getElementById('impact-summary').textContent =
      I18N.t('rules.summary', { n: impact.customers, up: impact.up, down: impact.down, same: impact.same });
    const seed = document.getElementById('impact-seed');
    seed.dataset.state = impact.seed.state;
    seed.textContent = I18N.t(`rules.seed.${impact.seed.state}`, { n: impact.seed.customers });
    document.querySelector('#transitions tbody').replaceChildren(...impact.transitions.map(c =>
      h('tr', { 'data-from': c.from, 'data-to': c.to, class: c.to === c.from ? '' : 'moved' },
        h('td', {}, h('span', { class: 'stars' }, stars(c.from)), ' ', I18N.star(c.from)),
        h('td', {}, h('span', { class: 'stars' }, stars(c.to)), ' ', I18N.star(c.to)),
        h('td', { class: 'num', 'data-field': 'customers' }, String(c.customers)))));
    document.querySelector('#moves tbody').replaceChildren(...impact.largestMoves.map(m =>
      h('tr', { 'data-customer': m.customerId },
        h('td', {}, m.customerId), h('td', {}, I18N.star(m.from)), h('td', {}, I18N.star(m.to)),
        h('td', { class: 'num' }, I18N.number(m.points)), h('td', { class: 'num' }, I18N.number(m.shadowPoints)))));
    document.getElementById('as-of').textContent = I18N.t('rules.asOf', { time: I18N.time(impact.asOf) });
  }

  document.addEventListener('langchange', render);

  async function main() {
    const user = await Live.me();
    if (user.role !== 'admin') { location.href = '/'; return; }
    Live.header(user);
    await load();
    Live.connect(
      { ruleImpact: m => { if (m.version === pendingVersion) { impact = m; render(); } } },
      async (hello, conn) => {
        connection = conn;
        watching = null;   // a new connection watches nothing yet
        await load();
      });
    setInterval(() => load().catch(() => {}), LIST_PERIOD_MS);
  }
  main();
})();
