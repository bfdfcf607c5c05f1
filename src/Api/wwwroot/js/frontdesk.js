// The teller front desk: live VIP alerts of the signed-in teller's branch (an admin picks one), acknowledge/served
// shared by every screen of the branch, and a customer lookup.
(function () {
  'use strict';
  const { api, h, stars } = Live;
  const alerts = new Map(); // alertId -> alert view (newest state)
  let branch = null;
  let user = null;
  const list = document.getElementById('alerts');

  const feed = new Live.SeqFeed(
    async (since, epoch) => {
      const q = new URLSearchParams({ since: String(since) });
      if (epoch) q.set('epoch', epoch);
      const response = await api(`/api/v1/desks/${encodeURIComponent(branch)}/alerts?${q}`);
      if (!response.ok) throw new Error('alerts: ' + response.status);
      const f = await response.json();
      document.getElementById('alert-level').textContent = I18N.t('desk.level', { star: I18N.star(f.alertLevel) });
      document.getElementById('alert-level').dataset.level = f.alertLevel;
      document.getElementById('alerts-incomplete').hidden = f.complete;
      return { epoch: f.epoch, lastSeq: f.lastSeq, items: f.alerts };
    },
    item => (item.kind ? upsert(item) : handled(item)),
    () => { alerts.clear(); list.replaceChildren(); showEmpty(); });

  function upsert(a) {
    const known = alerts.get(a.alertId);
    if (known && known.stateSeq >= a.stateSeq) return; // already shown, as new or newer
    alerts.set(a.alertId, a);
    render(a);
  }

  function handled(m) {
    const known = alerts.get(m.alertId);
    if (!known) { feed.sync().catch(() => {}); return; }
    if (known.stateSeq >= m.seq) return;
    const a = { ...known, state: m.state, stateSeq: m.seq, handledBy: m.handledBy, handledAt: m.occurredAt };
    alerts.set(a.alertId, a);
    render(a);
  }

  function showEmpty() { document.getElementById('alerts-empty').hidden = alerts.size > 0; }

  function why(a) {
    const b = a.breakdown || {};
    const top = Object.entries(b).sort((x, y) => y[1] - x[1]).filter(([, v]) => v > 0).slice(0, 2)
      .map(([k]) => I18N.t('ind.' + k)).join('、') || '–';
    switch (a.cause) {
      case 'points': return I18N.t('why.points', { points: I18N.number(a.points), top });
      case 'product': return I18N.t('why.product', { products: a.products.map(p => I18N.t('product.' + p)).join('、') || '–' });
      case 'manual': return I18N.t('why.manual', { reason: a.reason || '–' });
      default: return I18N.t('why.ratingDay');
    }
  }

  function card(a) {
    const what = a.kind === 'upgrade'
      ? I18N.t('desk.upgradeWhat', { old: I18N.star(a.oldStar), new: I18N.star(a.serviceStar) })
      : I18N.t('desk.visitWhat', { channel: I18N.t('channel.' + (a.channel || 'counter')), star: I18N.star(a.serviceStar) });
    const act = (verb) => async () => {
      const response = await api(`/api/v1/desks/${encodeURIComponent(branch)}/alerts/${a.alertId}/${verb}`, { method: 'POST' });
      if (response.ok) upsert(await response.json());
    };
    return h('li', { class: `alert state-${a.state} kind-${a.kind}`, 'data-alert-id': a.alertId, 'data-customer': a.customerId, 'data-state': a.state },
      h('div', { class: 'alert-head' },
        h('span', { class: 'stars', title: I18N.star(a.serviceStar) }, stars(a.serviceStar)),
        h('strong', { class: 'name' }, a.displayName || a.customerId),
        h('span', { class: 'cid muted' }, a.customerId),
        h('span', { class: `kind ${a.kind}` }, I18N.t('kind.' + a.kind)),
        h('time', { class: 'muted', datetime: a.occurredAt }, I18N.time(a.occurredAt)),
        h('span', { class: 'state', 'data-state': a.state }, I18N.t('state.' + a.state))),
      h('div', { class: 'what' }, what),
      h('div', { class: 'why' }, h('b', {}, I18N.t('desk.why') + I18N.colon()), why(a)),
      h('div', { class: 'privileges' }, h('b', {}, I18N.t('desk.privileges') + I18N.colon()), I18N.privileges(a.serviceStar)),
      h('div', { class: 'offers' }, h('b', {}, I18N.t('desk.offer') + I18N.colon()),
        a.offers.map(o => h('span', { class: 'chip', 'data-offer': o }, I18N.t('offer.' + o)))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'ack', disabled: a.state !== 'new', onclick: act('acknowledge') }, I18N.t('desk.ack')),
        h('button', { type: 'button', class: 'serve primary', disabled: a.state === 'served', onclick: act('serve') }, I18N.t('desk.serve')),
        a.handledBy ? h('span', { class: 'muted handled' }, I18N.t('desk.handledBy', { by: a.handledBy, at: I18N.time(a.handledAt) })) : null));
  }

  function render(a) {
    const el = card(a);
    const old = list.querySelector(`li[data-alert-id="${a.alertId}"]`);
    if (old) old.replaceWith(el);
    else {
      // Newest alert first.
      const after = [...list.children].find(li => Number(li.dataset.alertId) < a.alertId);
      list.insertBefore(el, after || null);
    }
    showEmpty();
  }

  function rerenderAll() {
    list.replaceChildren(...[...alerts.values()].sort((x, y) => y.alertId - x.alertId).map(card));
    showEmpty();
    if (lastLookup) showCustomer(lastLookup);
  }

  // ---- customer lookup -----------------------------------------------------------------------------------------
  let lastLookup = null;
  let lastOutlook = null;
  const result = document.getElementById('lookup-result');
  document.getElementById('lookup-form').addEventListener('submit', async e => {
    e.preventDefault();
    const id = document.getElementById('lookup-id').value.trim();
    if (!id) return;
    const response = await api(`/api/v1/customers/${encodeURIComponent(id)}`);
    if (!response.ok) {
      lastLookup = null;
      const key = response.status === 404 ? 'lookup.notFound' : response.status === 403 ? 'lookup.forbidden' : 'lookup.failed';
      result.replaceChildren(h('p', { class: 'error', 'data-i18n': key }, I18N.t(key)));
      return;
    }
    lastLookup = await response.json();
    const outlook = await api(`/api/v1/customers/${encodeURIComponent(id)}/outlook`);
    lastOutlook = outlook.ok ? await outlook.json() : null;
    showCustomer(lastLookup);
  });

  // "What lifts this customer's star": the two cheapest lift options, in words.
  function liftLines(o) {
    if (!o) return null;
    const options = o.liftOptions.slice(0, 2);
    return [h('h3', {}, I18N.t('lift.title')),
      h('ul', { class: 'lifts', 'data-field': 'lifts' }, options.length
        ? options.map(l => h('li', { 'data-indicator': l.indicator, 'data-amount': l.amount },
            I18N.lift(l, o.nextRatingDay), ' — ', I18N.t('lift.reaches', { star: I18N.star(l.star) })))
        : [h('li', { class: 'muted' }, I18N.t('lift.none'))])];
  }

  function showCustomer(c) {
    const rows = Object.entries(c.breakdown).map(([k, v]) =>
      h('tr', { class: v > 0 ? '' : 'zero' }, h('th', {}, I18N.t('ind.' + k)), h('td', { class: 'num' }, I18N.number(v))));
    result.replaceChildren(
      h('div', { class: 'customer', 'data-customer': c.customerId },
        h('div', { class: 'alert-head' },
          h('span', { class: 'stars' }, stars(c.serviceStar)),
          h('strong', { class: 'name' }, c.displayName || c.customerId),
          h('span', { class: 'cid muted' }, c.customerId)),
        h('dl', { class: 'facts' },
          h('dt', {}, I18N.t('lookup.serviceStar')), h('dd', { 'data-field': 'serviceStar' }, I18N.star(c.serviceStar), ' · ', I18N.t('cause.' + c.serviceStarCause)),
          h('dt', {}, I18N.t('lookup.contributionStar')), h('dd', {}, I18N.star(c.contributionStar)),
          h('dt', {}, I18N.t('lookup.points')), h('dd', { 'data-field': 'points' }, I18N.number(c.points)),
          h('dt', {}, I18N.t('lookup.nextStar')), h('dd', { 'data-field': 'nextStar' }, c.nextStar
            ? I18N.t('lookup.needed', { points: I18N.number(c.nextStar.pointsNeeded), star: I18N.star(c.nextStar.star) })
            : I18N.t('lookup.top')),
          h('dt', {}, I18N.t('lookup.products')), h('dd', {}, c.products.length ? c.products.map(p => I18N.t('product.' + p)).join('、') : I18N.t('lookup.noProducts')),
          c.manualStar ? [h('dt', {}, '✎'), h('dd', {}, I18N.t('lookup.manual', { reason: c.manualStar.reason, by: c.manualStar.setBy }))] : null),
        h('h3', {}, I18N.t('lookup.breakdown')),
        h('table', { class: 'breakdown' }, h('tbody', {}, rows)),
        liftLines(lastOutlook && lastOutlook.customerId === c.customerId ? lastOutlook : null),
        h('h3', {}, I18N.t('desk.privileges')),
        h('p', { class: 'privileges' }, I18N.privileges(c.serviceStar))));
  }

  // ---- start ---------------------------------------------------------------------------------------------------
  document.addEventListener('langchange', rerenderAll);

  async function main() {
    user = await Live.me();
    if (user.role === 'manager') { location.href = '/portfolio.html'; return; }
    Live.header(user);
    const params = new URLSearchParams(location.search);
    branch = user.role === 'admin' ? (params.get('branch') || 'B001') : user.branchId;
    const pick = document.getElementById('admin-pick');
    if (user.role === 'admin') {
      pick.hidden = false;
      document.getElementById('pick-branch').value = branch;
      pick.addEventListener('submit', async e => {
        e.preventDefault();
        const next = document.getElementById('pick-branch').value.trim();
        if (!next || next === branch) return;
        history.replaceState(null, '', '?branch=' + encodeURIComponent(next));
        branch = next;
        alerts.clear(); list.replaceChildren(); feed.clear(); showEmpty();
        await connection.invoke('WatchBranch', branch);
        await feed.sync();
      });
    }
    showEmpty();
    const connection = Live.connect(
      { vipAlert: m => feed.live(m), alertHandled: m => feed.live(m) },
      async (hello, conn) => {
        if (user.role === 'admin') await conn.invoke('WatchBranch', branch);
        await feed.sync();
      });
  }
  main();
})();
