// Simplified Chinese and English for the staff screens. Elements carry data-i18n="key" (text) or
// data-i18n-placeholder="key"; scripts call I18N.t(key, vars). The choice is kept in localStorage.
(function () {
  'use strict';
  const zh = {
    'nav.rm': '客户经理工作台', 'nav.desk': '网点前台',
    'rules.title': '星级规则版本', 'rules.versions': '规则版本', 'rules.version': '版本', 'rules.state': '状态',
    'rules.effectiveFrom': '生效评级日', 'rules.window': '窗口（天）', 'rules.changedBy': '最近操作',
    'rules.state.shadow': '影子试算', 'rules.state.scheduled': '已排期', 'rules.state.active': '生效中', 'rules.state.retired': '已停用',
    'rules.impact': '影响（实时）', 'rules.nonePending': '目前没有试算或排期中的版本',
    'rules.from': '现行服务星级', 'rules.to': '新版本服务星级', 'rules.customers': '客户数', 'rules.largest': '变动最大的客户',
    'rules.shadowPoints': '新版本星点值', 'rules.summary': '已试算 {n} 位客户：升级 {up}，降级 {down}，不变 {same}',
    'rules.seed.running': '正在试算全部客户（已完成 {n} 位），表格随之更新', 'rules.seed.complete': '已覆盖全部客户（{n} 位）',
    'rules.seed.failed': '全量试算中断（已完成 {n} 位），5 秒后重试',
    'rules.asOf': '截至 {time}',
    'app.name': '星级客户实时服务', 'lang.switch': 'English', 'signout': '退出',
    'signin.title': '员工登录', 'signin.username': '用户名', 'signin.password': '密码', 'signin.submit': '登录',
    'signin.failed': '用户名或密码错误', 'signin.demo': '演示账号（仅嵌入式默认模式）：teller-b001、teller-b002、rm-m001、rm-m002、admin，密码均为 demo',
    'status.connecting': '正在连接…', 'status.syncing': '正在同步…', 'status.connected': '已连接',
    'status.reconnecting': '连接中断，正在重连…', 'status.disconnected': '已断开',
    'status.lastRender': '最近推送：接收到显示 {ms} 毫秒', 'status.none': '尚无推送',
    'role.teller': '柜员', 'role.manager': '客户经理', 'role.admin': '管理员', 'branch': '网点', 'manager': '客户经理',
    'desk.title': '网点前台', 'desk.alerts': 'VIP 提醒', 'desk.empty': '暂无提醒。客户到店或升级时会在此即时显示。',
    'desk.level': '提醒级别：{star}及以上', 'desk.watch': '查看网点', 'desk.ack': '确认', 'desk.serve': '已服务',
    'desk.handledBy': '{by} 于 {at}', 'desk.why': '原因', 'desk.privileges': '星级权益', 'desk.offer': '建议推荐',
    'desk.visitWhat': '在{channel}识别，服务星级 {star}', 'desk.upgradeWhat': '服务星级 {old} → {new}',
    'desk.incomplete': '部分较早的提醒已不再保留。',
    'lookup.title': '客户查询', 'lookup.placeholder': '客户号', 'lookup.submit': '查询', 'lookup.notFound': '未找到该客户',
    'lookup.forbidden': '无权查看该客户', 'lookup.failed': '查询失败',
    'lookup.serviceStar': '服务星级', 'lookup.contributionStar': '贡献星级', 'lookup.cause': '依据',
    'lookup.points': '星点值', 'lookup.breakdown': '星点值构成', 'lookup.nextStar': '下一星级',
    'lookup.needed': '还需 {points} 星点值达到 {star}', 'lookup.top': '已是最高星级', 'lookup.products': '持有产品',
    'lookup.noProducts': '无', 'lookup.manual': '手工设定：{reason}（{by}）',
    'rm.title': '客户经理工作台', 'rm.notifications': '升级通知', 'rm.empty': '暂无通知。名下客户星级变化时会在此即时显示。',
    'rm.portfolio': '名下客户', 'rm.opportunities': '升级机会（距下一星级最近）', 'rm.customers': '{n} 位客户',
    'rm.watch': '查看客户经理', 'rm.noOpportunities': '暂无机会',
    'col.customer': '客户', 'col.name': '姓名', 'col.service': '服务星级', 'col.contribution': '贡献星级', 'col.points': '星点值',
    'col.next': '下一星级', 'col.needed': '所需星点值', 'col.share': '占门槛比例', 'col.products': '产品', 'col.home': '归属网点',
    'star.unrated': '未评级', 'star.quasi': '准星级', 'star.n': '{n}星级',
    'lift.title': '如何提升该客户星级', 'lift.none': '无需追加即可达到或已是最高星级',
    'lift.balance': '在{indicator}多存 {amount} 元，保持至 {date}', 'lift.fee': '今天办理一笔 {amount} 元的{indicator}（全额手续费）',
    'lift.reaches': '可达 {star}',
    'rm.atRisk': '{date} 评级日将降级的客户', 'rm.noAtRisk': '暂无将降级的客户',
    'col.projected': '预计服务星级', 'col.keep': '保级所需星点值', 'col.bestLift': '最省的保级/提升方式',
    'rm.retention': '客户流失预警', 'rm.noRetention': '暂无预警',
    'retention.largeOutflow': '大额资金流出：资产由 {before} 元降至 {after} 元（当日）',
    'retention.dormantActive': '沉睡 {days} 天后重新活跃（上次业务 {previous}）',
    'cause.points': '星点值达标', 'cause.product': '产品保底', 'cause.manual': '手工调整', 'cause.ratingDay': '评级日',
    'channel.counter': '柜台', 'channel.kiosk': '排队机', 'channel.lobby': '大堂',
    'kind.visit': '到店识别', 'kind.upgrade': '星级提升', 'state.new': '待处理', 'state.acknowledged': '已确认', 'state.served': '已服务',
    'up': '升级', 'down': '调整',
    'ind.shortTermAssets': '短期资产', 'ind.longTermAssets': '中长期资产', 'ind.mortgage': '住房按揭', 'ind.otherLoans': '其他个人贷款',
    'ind.cardOverdraft': '信用卡透支', 'ind.investment': '投资交易', 'ind.cardSpending': '刷卡消费', 'ind.settlement': '结算交易',
    'product.privateBanking': '私人银行', 'product.wealthCard': '工银财富卡', 'product.platinumCreditCard': '白金信用卡',
    'product.wealthAccount': '理财金账户', 'product.goldCreditCard': '金卡信用卡', 'product.classicCreditCard': '普卡信用卡',
    'offer.privateBanking': '签约私人银行', 'offer.dedicatedPlanner': '指派专属持证理财师', 'offer.platinumCreditCard': '白金信用卡',
    'offer.preApprovedCredit': '预授信消费额度', 'offer.wealthPlanning': '财富规划面谈', 'offer.wealthCard': '工银财富卡',
    'offer.vipLane': '引导至贵宾通道', 'offer.wealthAccount': '理财金账户', 'offer.goldCreditCard': '金卡信用卡',
    'offer.classicCreditCard': '普卡信用卡', 'offer.wealthCounter': '理财综合柜台服务', 'offer.digitalBanking': '手机银行与网上银行',
    'offer.growthSavings': '储蓄与基金定投', 'offer.nextStarNear': '接近下一星级：推荐理财产品',
    'why.points': '星点值 {points}，最大来源：{top}', 'why.product': '持有产品保底：{products}', 'why.manual': '客户经理手工设定：{reason}',
    'why.ratingDay': '评级日确定的星级',
    'priv.basic': '金融便利店、标准网银、95588、手机银行、自助设备；基础个人金融服务。3星客户多为学生和年轻白领，是需要培育的成长客群。',
    'priv.4': '理财综合柜台；在基础服务之上，提供普卡信用卡及其商户优惠。',
    'priv.5': '贵宾理财中心、贵宾网银、贵宾专线；理财金账户“六专”服务（贵宾通道、费用优惠、专家建议、专属产品、账户管理、客户活动）；预授信消费额度（基础额度由分行按星级设定）；金卡信用卡；费用优惠。',
    'priv.6': '财富管理中心；财富管理服务（规划、资产管理、投资顾问、贵宾通道、费用优惠、全球服务）；个人助理服务；预授信额度；可申请白金信用卡。',
    'priv.7': '私人银行中心；私人银行服务（委托资产管理、遗产、房产、退休及保险规划、专属持证理财师）；个人助理服务；预授信额度；可申请白金信用卡。',
  };
  const en = {
    'nav.rm': 'Relationship-manager desk', 'nav.desk': 'Front desk',
    'rules.title': 'Star rule versions', 'rules.versions': 'Rule versions', 'rules.version': 'Version', 'rules.state': 'State',
    'rules.effectiveFrom': 'In force from', 'rules.window': 'Window (days)', 'rules.changedBy': 'Last action',
    'rules.state.shadow': 'Shadow', 'rules.state.scheduled': 'Scheduled', 'rules.state.active': 'Active', 'rules.state.retired': 'Retired',
    'rules.impact': 'Impact (live)', 'rules.nonePending': 'No version is in shadow or scheduled',
    'rules.from': 'Service star now', 'rules.to': 'Under the version', 'rules.customers': 'Customers', 'rules.largest': 'Largest moves',
    'rules.shadowPoints': 'Points under the version', 'rules.summary': '{n} customers computed: {up} up, {down} down, {same} unchanged',
    'rules.seed.running': 'Computing every customer ({n} so far); the table fills in as it goes', 'rules.seed.complete': 'Every customer is counted ({n} by the full pass)',
    'rules.seed.failed': 'The full pass stopped ({n} so far); retried in 5 s',
    'rules.asOf': 'As of {time}',
    'app.name': 'Star customers live', 'lang.switch': '中文', 'signout': 'Sign out',
    'signin.title': 'Staff sign-in', 'signin.username': 'User name', 'signin.password': 'Password', 'signin.submit': 'Sign in',
    'signin.failed': 'Wrong user name or password', 'signin.demo': 'Demo identities (embedded default only): teller-b001, teller-b002, rm-m001, rm-m002, admin — password demo',
    'status.connecting': 'Connecting…', 'status.syncing': 'Synchronising…', 'status.connected': 'Connected',
    'status.reconnecting': 'Connection lost, reconnecting…', 'status.disconnected': 'Disconnected',
    'status.lastRender': 'Last push: receive→render {ms} ms', 'status.none': 'No push yet',
    'role.teller': 'Teller', 'role.manager': 'Relationship manager', 'role.admin': 'Admin', 'branch': 'Branch', 'manager': 'Manager',
    'desk.title': 'Front desk', 'desk.alerts': 'VIP alerts', 'desk.empty': 'No alerts yet. Customers identified or upgraded here appear at once.',
    'desk.level': 'Alert level: {star} and above', 'desk.watch': 'Watch branch', 'desk.ack': 'Acknowledge', 'desk.serve': 'Served',
    'desk.handledBy': 'by {by} at {at}', 'desk.why': 'Why', 'desk.privileges': 'Privileges', 'desk.offer': 'What to offer',
    'desk.visitWhat': 'Identified at the {channel}, service star {star}', 'desk.upgradeWhat': 'Service star {old} → {new}',
    'desk.incomplete': 'Some older alerts are no longer kept.',
    'lookup.title': 'Customer lookup', 'lookup.placeholder': 'Customer number', 'lookup.submit': 'Look up', 'lookup.notFound': 'No such customer',
    'lookup.forbidden': 'You may not see this customer', 'lookup.failed': 'Lookup failed',
    'lookup.serviceStar': 'Service star', 'lookup.contributionStar': 'Contribution star', 'lookup.cause': 'Because of',
    'lookup.points': 'Star points', 'lookup.breakdown': 'Points by indicator', 'lookup.nextStar': 'Next star',
    'lookup.needed': '{points} points more for {star}', 'lookup.top': 'Highest star', 'lookup.products': 'Products',
    'lookup.noProducts': 'none', 'lookup.manual': 'Manual setting: {reason} ({by})',
    'rm.title': 'Relationship-manager desk', 'rm.notifications': 'Upgrade notifications', 'rm.empty': 'No notifications yet. Star changes of your customers appear at once.',
    'rm.portfolio': 'Portfolio', 'rm.opportunities': 'Opportunities (closest to the next star)', 'rm.customers': '{n} customers',
    'rm.watch': 'Watch manager', 'rm.noOpportunities': 'No opportunities',
    'col.customer': 'Customer', 'col.name': 'Name', 'col.service': 'Service star', 'col.contribution': 'Contribution star', 'col.points': 'Points',
    'col.next': 'Next star', 'col.needed': 'Points needed', 'col.share': 'Share of threshold', 'col.products': 'Products', 'col.home': 'Home branch',
    'star.unrated': 'Not rated', 'star.quasi': 'Quasi-star', 'star.n': '{n} stars',
    'lift.title': 'What lifts this customer\'s star', 'lift.none': 'Nothing to add: on track, or already the highest star',
    'lift.balance': 'keep {amount} CNY more in {indicator} until {date}', 'lift.fee': 'one {indicator} transaction of {amount} CNY today at full fee',
    'lift.reaches': 'reaches {star}',
    'rm.atRisk': 'At risk on {date}', 'rm.noAtRisk': 'No customer at risk',
    'col.projected': 'Projected star', 'col.keep': 'Points to keep', 'col.bestLift': 'Cheapest way to keep or lift',
    'rm.retention': 'Retention signals', 'rm.noRetention': 'No signals',
    'retention.largeOutflow': 'Large outflow: assets fell from {before} to {after} CNY within the day',
    'retention.dormantActive': 'Active again after {days} dormant days (previous business {previous})',
    'cause.points': 'points', 'cause.product': 'product floor', 'cause.manual': 'manual setting', 'cause.ratingDay': 'rating day',
    'channel.counter': 'counter', 'channel.kiosk': 'queue kiosk', 'channel.lobby': 'lobby',
    'kind.visit': 'Identified', 'kind.upgrade': 'Upgraded', 'state.new': 'New', 'state.acknowledged': 'Acknowledged', 'state.served': 'Served',
    'up': 'Upgrade', 'down': 'Change',
    'ind.shortTermAssets': 'Short-term assets', 'ind.longTermAssets': 'Medium/long-term assets', 'ind.mortgage': 'Housing mortgage', 'ind.otherLoans': 'Other personal loans',
    'ind.cardOverdraft': 'Card overdraft', 'ind.investment': 'Investment transactions', 'ind.cardSpending': 'Card spending', 'ind.settlement': 'Settlement transactions',
    'product.privateBanking': 'Private banking', 'product.wealthCard': 'ICBC Wealth card', 'product.platinumCreditCard': 'Platinum credit card',
    'product.wealthAccount': 'Wealth-management account', 'product.goldCreditCard': 'Gold credit card', 'product.classicCreditCard': 'Classic credit card',
    'offer.privateBanking': 'Private-banking agreement', 'offer.dedicatedPlanner': 'A dedicated certified planner', 'offer.platinumCreditCard': 'Platinum credit card',
    'offer.preApprovedCredit': 'Pre-approved credit line', 'offer.wealthPlanning': 'Wealth-planning meeting', 'offer.wealthCard': 'ICBC Wealth card',
    'offer.vipLane': 'Take to the VIP lane', 'offer.wealthAccount': 'Wealth-management account', 'offer.goldCreditCard': 'Gold credit card',
    'offer.classicCreditCard': 'Classic credit card', 'offer.wealthCounter': 'Wealth-management counter services', 'offer.digitalBanking': 'Mobile and online banking',
    'offer.growthSavings': 'Savings and regular fund plans', 'offer.nextStarNear': 'Close to the next star: suggest an investment',
    'why.points': '{points} points, mostly {top}', 'why.product': 'product floor: {products}', 'why.manual': 'set by the relationship manager: {reason}',
    'why.ratingDay': 'star set on the rating day',
    'priv.basic': 'Financial convenience outlets, standard online banking, 95588, mobile, self-service; basic personal services. The 3-star segment is students and young professionals, a growth market to cultivate.',
    'priv.4': 'General wealth-management counters; plus the classic credit card and its merchant offers.',
    'priv.5': 'VIP wealth-management centre, VIP online banking, VIP hotline; the wealth account\'s "six exclusives" (VIP lane, fee discounts, expert advice, exclusive products, account management, events); pre-approved consumer credit line (base amount per star set by the branch); gold credit card; fee discounts.',
    'priv.6': 'Wealth-management centre; wealth-management services (planning, asset management, advisory, VIP lane, fee discounts, global services); personal assistant services; pre-approved credit line; platinum credit card eligible.',
    'priv.7': 'Private-banking centre; private banking (entrusted asset management, estate, property, retirement and insurance planning, dedicated certified planner); personal assistant services; pre-approved credit line; platinum credit card eligible.',
  };
  const dictionaries = { zh, en };
  const stored = (() => { try { return localStorage.getItem('crm.lang'); } catch { return null; } })();

  const I18N = {
    lang: stored === 'en' ? 'en' : 'zh',
    t(key, vars) {
      let text = dictionaries[I18N.lang][key] ?? dictionaries.zh[key] ?? key;
      if (vars) text = text.replace(/\{(\w+)\}/g, (m, name) => (vars[name] ?? m));
      return text;
    },
    star(wire) {
      if (wire === 'unrated' || wire === 'quasi') return I18N.t('star.' + wire);
      return I18N.t('star.n', { n: wire });
    },
    privileges(wire) {
      return ['5', '6', '7', '4'].includes(wire) ? I18N.t('priv.' + wire) : I18N.t('priv.basic');
    },
    time(iso) {
      const d = new Date(iso);
      return d.toLocaleTimeString(I18N.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
    },
    // A bank day (yyyy-mm-dd) in words: 7月1日 / 1 Jul.
    date(day) {
      const [y, m, d] = day.split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(I18N.lang === 'zh' ? 'zh-CN' : 'en-GB', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    },
    // A lift option in words (docs/contract-extension-outlook.md): a balance held until the rating day, or one fee today.
    lift(option, nextRatingDay) {
      const balance = ['shortTermAssets', 'longTermAssets', 'mortgage', 'otherLoans', 'cardOverdraft'].includes(option.indicator);
      const vars = { amount: I18N.number(option.amount), indicator: I18N.t('ind.' + option.indicator), date: I18N.date(nextRatingDay) };
      return I18N.t(balance ? 'lift.balance' : 'lift.fee', vars);
    },
    number(n, digits = 2) {
      return Number(n).toLocaleString(I18N.lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    },
    apply(root = document) {
      document.documentElement.lang = I18N.lang === 'zh' ? 'zh-CN' : 'en';
      root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = I18N.t(el.dataset.i18n); });
      root.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = I18N.t(el.dataset.i18nPlaceholder); });
      if (document.body?.dataset.titleKey) document.title = I18N.t(document.body.dataset.titleKey) + ' · ' + I18N.t('app.name');
    },
    set(lang) {
      I18N.lang = lang === 'en' ? 'en' : 'zh';
      try { localStorage.setItem('crm.lang', I18N.lang); } catch { /* private mode */ }
      I18N.apply();
      document.dispatchEvent(new CustomEvent('langchange'));
    },
    colon() { return I18N.lang === 'zh' ? '：' : ': '; },
    toggle() { I18N.set(I18N.lang === 'zh' ? 'en' : 'zh'); },
  };
  window.I18N = I18N;
  document.addEventListener('DOMContentLoaded', () => {
    I18N.apply();
    document.querySelectorAll('[data-lang-toggle]').forEach(b => b.addEventListener('click', () => I18N.toggle()));
  });
})();
