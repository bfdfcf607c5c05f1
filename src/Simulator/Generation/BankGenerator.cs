using System.Globalization;
using CrmActors.Scoring;
using CrmActors.Simulator.Events;

namespace CrmActors.Simulator.Generation;

/// <summary>A reproducible synthetic retail bank: customers with home branches, managers, accounts per indicator and a
/// documented mix of events (src/Simulator/README.md, "The bank"). Each customer is generated from its own random
/// stream (seed, customer number), so any customer can be generated alone, in any order, on any thread.</summary>
public sealed class BankGenerator
{
    // ── The model's figures (README "The bank"; changing one changes every bank: keep the README in step) ──
    internal const double DormantShare = 0.08;
    internal const double InactiveShare = 0.14;
    internal const double AffluentShare = 0.012;
    internal const double RetailMedianAssets = 7_000;
    internal const double RetailAssetsSigma = 1.55;
    internal const double AffluentMinimumAssets = 400_000;
    internal const double AffluentAlpha = 1.15;
    internal const double AffluentMaximumAssets = 300_000_000;
    internal const double InactiveMedianAssets = 250;
    internal const double NewCustomerShare = 0.06;

    private static readonly string[] Surnames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
         "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];
    private static readonly string[] GivenNames =
        ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
         "刚", "英", "华", "玉", "建", "文", "辉", "晨", "宇", "欣", "怡", "浩", "婷", "鑫", "佳", "俊", "雪", "琳", "志", "海"];
    private static readonly string[] SettlementCodes = ["REMIT-XBANK", "REMIT-OFFSITE", "CASH-OFFSITE", "REMIT-EXPRESS"];
    private static readonly string[] InvestmentCodes = ["FUND", "WMP", "BOND", "INS", "GOLD", "FX"];
    private static readonly double[] InvestmentCodeWeights = Cumulative([40, 30, 8, 10, 7, 5]);
    private static readonly double[] ChannelWeights = Cumulative([50, 35, 15]);
    private static readonly double[] TailKindWeights = Cumulative([55, 20, 10, 8, 5, 2]);

    private readonly BankOptions _options;
    private readonly BankCalendar _calendar;
    private readonly TimeZoneInfo _zone;
    private readonly double[] _branchWeights;
    private readonly int _idWidth;

    public BankGenerator(BankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Customers < 0) throw new ArgumentOutOfRangeException(nameof(options), "Customers must be zero or more.");
        if (options.Branches < 1 || options.ManagersPerBranch < 1) throw new ArgumentOutOfRangeException(nameof(options));
        _options = options;
        _calendar = new BankCalendar(options.Model);
        _zone = options.Model.BankTimeZone;
        _branchWeights = Cumulative(Enumerable.Range(1, options.Branches).Select(k => 1.0 / Math.Sqrt(k)).ToArray());
        _idWidth = Math.Max(7, options.Customers.ToString(CultureInfo.InvariantCulture).Length);

        // Six months of history as the star model counts them: from the first day of the window of the last rating
        // day (its horizon), so the contribution star and every moment since the rating day see a full window.
        int ratingDay = _calendar.RatingDayOnOrBefore(_calendar.DayOf(options.AsOf));
        HistoryStart = _calendar.DayStart(ratingDay - options.Model.WindowDays);
        HistoryEnd = options.AsOf - options.Tail;
        if (HistoryEnd <= HistoryStart) throw new ArgumentOutOfRangeException(nameof(options), "The live tail is longer than the history.");
    }

    public BankOptions Options => _options;

    /// <summary>The first instant of history (00:00 bank time on the first day of the last rating day's window).</summary>
    public DateTimeOffset HistoryStart { get; }

    /// <summary>The end of history and start of the live tail: as-of − tail.</summary>
    public DateTimeOffset HistoryEnd { get; }

    public string CustomerId(int index) =>
        _options.CustomerPrefix + "C" + (index + 1).ToString(CultureInfo.InvariantCulture).PadLeft(_idWidth, '0');

    /// <summary>Every customer, in order (generated in parallel blocks).</summary>
    public IEnumerable<GeneratedCustomer> Customers(int degreeOfParallelism = 0)
    {
        const int block = 512;
        int dop = degreeOfParallelism > 0 ? degreeOfParallelism : Environment.ProcessorCount;
        var buffer = new GeneratedCustomer[block];
        for (int first = 0; first < _options.Customers; first += block)
        {
            int count = Math.Min(block, _options.Customers - first);
            int start = first;
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = dop }, i => buffer[i] = Generate(start + i));
            for (int i = 0; i < count; i++) yield return buffer[i];
        }
    }

    /// <summary>Customer number <paramref name="index"/> (0-based) of this bank.</summary>
    public GeneratedCustomer Generate(int index)
    {
        var b = new CustomerBuilder(this, index);
        b.Build();
        return b.Result();
    }

    private static double[] Cumulative(double[] weights)
    {
        var c = new double[weights.Length];
        double sum = 0;
        for (int i = 0; i < weights.Length; i++) c[i] = sum += weights[i];
        return c;
    }

    /// <summary>One customer's events, built from its own random stream.</summary>
    private sealed class CustomerBuilder
    {
        private readonly BankGenerator _g;
        private readonly SimRandom _r;
        private readonly int _index;
        private readonly string _id;
        private readonly List<(long Ticks, int Seq, SimEvent Event)> _history = [];
        private readonly List<(long Ticks, int Seq, SimEvent Event)> _tail = [];
        private int _seq;

        private readonly long _historyStart, _historyEnd, _tailStart, _asOf;
        private long _start;          // when this customer's business with the bank starts (a new customer: later)
        private Segment _segment;
        private double _assets;       // financial assets, CNY
        private double _demandLevel;  // the demand-savings balance it hovers around
        private double _cardSpendPerMonth;
        private double _ticket;
        private bool _holdsCreditCard;
        private int _homeBranch;
        private string? _manager;

        public CustomerBuilder(BankGenerator g, int index)
        {
            _g = g;
            _index = index;
            _r = SimRandom.For(g._options.Seed, index);
            _id = g.CustomerId(index);
            _historyStart = g.HistoryStart.UtcTicks;
            _historyEnd = g.HistoryEnd.UtcTicks;
            _asOf = g._options.AsOf.UtcTicks;
            _tailStart = _historyEnd;
        }

        private double Months(long from) => (_historyEnd - from) / (double)TimeSpan.TicksPerDay / 30.4375;

        public void Build()
        {
            double u = _r.NextDouble();
            _segment = u < DormantShare ? Segment.Dormant
                : u < DormantShare + InactiveShare ? Segment.Inactive
                : u < DormantShare + InactiveShare + AffluentShare ? Segment.Affluent
                : Segment.Retail;
            _assets = _segment switch
            {
                Segment.Dormant => 0,
                Segment.Inactive => _r.LogNormal(InactiveMedianAssets, 1.2),
                Segment.Affluent => Math.Min(_r.Pareto(AffluentMinimumAssets, AffluentAlpha), AffluentMaximumAssets),
                _ => _r.LogNormal(RetailMedianAssets, RetailAssetsSigma),
            };
            _start = _segment is Segment.Retail && _r.Chance(NewCustomerShare)
                ? _historyStart + (long)(_r.NextDouble() * 0.9 * (_historyEnd - _historyStart))
                : _historyStart;
            _homeBranch = _r.Pick(_g._branchWeights) + 1;

            double mortgage = _segment switch
            {
                Segment.Retail when _r.Chance(_assets is >= 30_000 and <= 3_000_000 ? 0.12 : 0.04) => Math.Min(_r.LogNormal(500_000, 0.6), 2e7),
                Segment.Affluent when _r.Chance(0.2) => Math.Min(_r.LogNormal(1_500_000, 0.7), 5e7),
                _ => 0,
            };
            bool privateBanking = _assets >= 6_000_000 && _r.Chance(0.7);
            bool wantsManager = _assets >= 150_000 || mortgage >= 1_000_000 || privateBanking
                || (_assets >= 50_000 && _r.Chance(0.2));
            _manager = wantsManager ? ManagerAt(_homeBranch) : null;
            Profile(_start + Hours(_r.Uniform(0, 6)), _homeBranch, _manager);

            Savings();
            LongTermAssets();
            if (mortgage > 0) Mortgage(mortgage);
            OtherLoans();
            Cards();
            CardSpending();
            Settlements();
            Investments();
            Products(privateBanking);
            Visits();
            if (_r.Chance(0.03)) Moves();
            Tail();
        }

        public GeneratedCustomer Result()
        {
            // Ids are numbered in time order (history, then tail), once every event is placed.
            int number = 0;
            SimEvent[] Sorted(List<(long Ticks, int Seq, SimEvent Event)> list)
            {
                list.Sort(static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Seq.CompareTo(b.Seq));
                var events = new SimEvent[list.Count];
                for (int i = 0; i < events.Length; i++)
                    events[i] = list[i].Event with { EventId = _id + "-E" + (++number).ToString(CultureInfo.InvariantCulture).PadLeft(4, '0') };
                return events;
            }
            var history = Sorted(_history);
            var tail = Sorted(_tail);
            return new GeneratedCustomer(_index, _id, _segment, Math.Round((decimal)_assets, 2),
                Branch(_homeBranch), _manager, history, tail);
        }

        // ── accounts and business ──

        private void Savings()
        {
            // Demand savings (short-term assets): a balance that hovers around a level, updated on salary days,
            // bill payments and transfers. Wealthier customers hold less of it on demand, and some a money-market fund.
            double demandShare = _assets < 200_000 ? _r.Uniform(0.35, 0.9) : _r.Uniform(0.1, 0.4);
            double shortTerm = _assets < 20_000 ? _assets : _assets * demandShare;
            bool mmf = _assets >= 100_000 && _r.Chance(0.3);
            _demandLevel = mmf ? shortTerm * 0.7 : shortTerm;
            double perMonth = _segment switch
            {
                Segment.Dormant => 0,
                Segment.Inactive => 0.3,
                _ => 1.5 + 0.5 * Math.Log10(1 + _assets / 10_000),
            };
            string account = _id + "-DS1";
            Balance(_start + Hours(_r.Uniform(0, 24)), account, BalanceIndicator.ShortTermAssets,
                _segment == Segment.Dormant ? 0 : Around(_demandLevel, 0.25));
            int updates = _r.Poisson(perMonth * Months(_start));
            for (int i = 0; i < updates; i++)
                Balance(TimeIn(_start, _historyEnd), account, BalanceIndicator.ShortTermAssets, Around(_demandLevel, 0.25));
            if (mmf)
            {
                double level = shortTerm * 0.3;
                string fund = _id + "-MMF1";
                Balance(_start + Hours(_r.Uniform(0, 24)), fund, BalanceIndicator.ShortTermAssets, Around(level, 0.1));
                int changes = _r.Poisson(0.5 * Months(_start));
                for (int i = 0; i < changes; i++)
                    Balance(TimeIn(_start, _historyEnd), fund, BalanceIndicator.ShortTermAssets, Around(level, 0.2));
            }
        }

        private void LongTermAssets()
        {
            // Time deposits, wealth products, funds, bonds: a few accounts, opened before the history or during it,
            // topped up or partly redeemed now and then, some maturing (balance 0).
            if (_assets < 20_000) return;
            double demandTotal = _assets < 200_000 ? _demandLevel : _demandLevel / 0.7;
            double longTerm = Math.Max(0, _assets - Math.Min(demandTotal, _assets));
            if (longTerm < 1_000) return;
            int accounts = 1 + (_assets >= 200_000 ? 1 : 0) + (_assets >= 2_000_000 ? 1 : 0);
            var weights = new double[accounts];
            for (int i = 0; i < accounts; i++) weights[i] = _r.Uniform(0.5, 1.5);
            double total = weights.Sum();
            string[] kinds = ["TD", "WM", "FD"];
            for (int i = 0; i < accounts; i++)
            {
                double level = longTerm * weights[i] / total;
                string account = $"{_id}-{kinds[i]}1";
                long opened = _r.Chance(0.75) ? _start + Hours(_r.Uniform(0, 24)) : TimeIn(_start, _historyEnd);
                Balance(opened, account, BalanceIndicator.LongTermAssets, Around(level, 0.1));
                int changes = _r.Poisson(0.2 * Months(opened));
                for (int c = 0; c < changes; c++)
                    Balance(TimeIn(opened, _historyEnd), account, BalanceIndicator.LongTermAssets, Around(level, 0.15));
                if (_r.Chance(0.1)) Balance(TimeIn(opened, _historyEnd), account, BalanceIndicator.LongTermAssets, 0);
            }
        }

        private void Mortgage(double principal)
        {
            // A housing mortgage: the balance falls by a monthly instalment on a fixed day.
            bool existing = _r.Chance(0.92);
            long opened = existing ? _start + Hours(_r.Uniform(0, 24)) : TimeIn(_start, _historyEnd);
            double balance = existing ? principal * _r.Uniform(0.4, 1.0) : principal;
            double instalment = principal / 300;
            string account = _id + "-ML1";
            Balance(opened, account, BalanceIndicator.Mortgage, balance);
            foreach (long at in Monthly(opened, _historyEnd, 1 + _r.Next(28), 9))
            {
                balance = Math.Max(0, balance - instalment);
                Balance(at, account, BalanceIndicator.Mortgage, balance);
            }
        }

        private void OtherLoans()
        {
            double p = _segment switch { Segment.Retail => 0.05, Segment.Affluent => 0.1, _ => 0 };
            if (!_r.Chance(p)) return;
            double amount = Math.Min(_r.LogNormal(80_000, 0.9), 5e6);
            bool existing = _r.Chance(0.5);
            long opened = existing ? _start + Hours(_r.Uniform(0, 24)) : TimeIn(_start, _historyEnd);
            double balance = existing ? amount * _r.Uniform(0.2, 1.0) : amount;
            string account = _id + "-CL1";
            Balance(opened, account, BalanceIndicator.OtherLoans, balance);
            foreach (long at in Monthly(opened, _historyEnd, 1 + _r.Next(28), 10))
            {
                balance = Math.Max(0, balance - amount / 24);
                Balance(at, account, BalanceIndicator.OtherLoans, balance);
                if (balance == 0) break;
            }
        }

        private void Cards()
        {
            // A classic credit card for a share of customers; a quarter of holders revolve an interest-bearing
            // overdraft, reported on each monthly statement day. A few close the card during the history.
            double p = _segment switch
            {
                Segment.Retail => _assets < 150_000 ? 0.12 : 0.10,
                Segment.Inactive => 0.05,
                _ => 0,
            };
            if (!_r.Chance(p)) return;
            _holdsCreditCard = true;
            long opened = _r.Chance(0.85) ? _start + Hours(_r.Uniform(0, 24)) : TimeIn(_start, _historyEnd);
            Product(opened, ProductType.ClassicCreditCard, ProductAction.Opened);
            long closed = long.MaxValue;
            if (_r.Chance(0.03))
            {
                closed = TimeIn(opened, _historyEnd);
                Product(closed, ProductType.ClassicCreditCard, ProductAction.Closed);
            }
            if (!_r.Chance(0.25)) return;
            double level = _r.LogNormal(6_000, 0.9) * Math.Pow(1 + _assets / 200_000, 0.3);
            string account = _id + "-CC1";
            foreach (long at in Monthly(opened, Math.Min(closed, _historyEnd), 1 + _r.Next(28), 6))
                Balance(at, account, BalanceIndicator.CardOverdraft, _r.Chance(0.3) ? 0 : Around(level, 0.4));
        }

        private void CardSpending()
        {
            // POS purchases with any of the customer's cards: a monthly spend that grows slowly with wealth, more with
            // a credit card; a quarter of retail customers do not pay with this bank's cards at all.
            double users = _segment switch { Segment.Retail => 0.75, Segment.Affluent => 0.9, Segment.Inactive => 0.15, _ => 0 };
            _ticket = 150 * Math.Pow(1 + _assets / 500_000, 0.3);
            if (!_r.Chance(users)) return;
            _cardSpendPerMonth = _r.LogNormal(_segment == Segment.Inactive ? 60 : 250, 1.0)
                * Math.Pow(1 + _assets / 50_000, 0.35) * (_holdsCreditCard ? 1.8 : 1);
            double perMonth = Math.Clamp(_cardSpendPerMonth / _ticket, 0.2, 30);
            int count = _r.Poisson(perMonth * Months(_start));
            for (int i = 0; i < count; i++)
                Fee(TimeIn(_start, _historyEnd), FeeBusinessType.CardSpending,
                    Math.Clamp(_r.LogNormal(_cardSpendPerMonth / perMonth, 0.7), 1, 200_000), "POS", null);
        }

        private void Settlements()
        {
            // Off-site and cross-bank remittances: most are free of charge by policy today (mobile banking) and
            // count 0 %, some discounted.
            double perMonth = _segment switch { Segment.Retail => 0.25, Segment.Affluent => 1.0, Segment.Inactive => 0.02, _ => 0 };
            int count = _r.Poisson(perMonth * Months(_start));
            for (int i = 0; i < count; i++) Settlement(TimeIn(_start, _historyEnd));
        }

        private void Settlement(long at)
        {
            double amount = Math.Clamp(_r.LogNormal(3_000, 1.1) * Math.Pow(1 + _assets / 300_000, 0.5), 1, 5e7);
            double share = _r.NextDouble();
            Fee(at, FeeBusinessType.Settlement, amount, SettlementCodes[_r.Next(SettlementCodes.Length)],
                share < 0.45 ? 0m : share < 0.6 ? 0.5m : null);
        }

        private void Investments()
        {
            if (_assets < 30_000) return;
            double perMonth = 0.3 * (1 + Math.Log10(_assets / 30_000));
            int count = _r.Poisson(perMonth * Months(_start));
            for (int i = 0; i < count; i++) Investment(TimeIn(_start, _historyEnd));
        }

        private void Investment(long at)
        {
            // Fund subscriptions, wealth products, bonds, insurance, gold, FX: sized to the customer's assets; a
            // discounted fee (80 % or 50 % of standard) is common, some promotions are free.
            double amount = Math.Clamp(_r.LogNormal(Math.Max(5_000, 0.05 * _assets), 0.8), 100, Math.Max(1_000, 0.5 * _assets));
            double share = _r.NextDouble();
            Fee(at, FeeBusinessType.Investment, amount, InvestmentCodes[_r.Pick(InvestmentCodeWeights)],
                share < 0.35 ? 0.8m : share < 0.45 ? 0.5m : share < 0.5 ? 0m : null);
        }

        private void Products(bool privateBanking)
        {
            // Products that set service-star floors (§3.1), for the customers a bank offers them to; a fifth are
            // opened during the history (an instant upgrade), the rest were held before it.
            if (_assets >= 150_000)
            {
                if (_r.Chance(0.5)) Product(ProductOpenedAt(), ProductType.WealthAccount, ProductAction.Opened);
                if (_r.Chance(0.35)) Product(ProductOpenedAt(), ProductType.GoldCreditCard, ProductAction.Opened);
            }
            else if (_segment == Segment.Retail && _r.Chance(0.01))
            {
                Product(ProductOpenedAt(), ProductType.GoldCreditCard, ProductAction.Opened);
            }
            if (_assets >= 800_000)
            {
                if (_r.Chance(0.3)) Product(ProductOpenedAt(), ProductType.PlatinumCreditCard, ProductAction.Opened);
                if (_r.Chance(0.55)) Product(ProductOpenedAt(), ProductType.WealthCard, ProductAction.Opened);
            }
            if (privateBanking) Product(ProductOpenedAt(), ProductType.PrivateBanking, ProductAction.Opened);
        }

        private long ProductOpenedAt() => _r.Chance(0.8) ? _start + Hours(_r.Uniform(0, 24)) : TimeIn(_start, _historyEnd);

        private void Visits()
        {
            double perMonth = _segment switch
            {
                Segment.Dormant or Segment.Inactive => 0.02,
                _ when _assets >= 150_000 => 0.5,
                _ => 0.12,
            };
            int count = _r.Poisson(perMonth * Months(_start));
            for (int i = 0; i < count; i++) Visit(TimeIn(_start, _historyEnd));
        }

        private void Visit(long at)
        {
            int branch = _r.Chance(0.85) ? _homeBranch : _r.Pick(_g._branchWeights) + 1;
            Add(at, SimEvent.Visit(NextId(), _id, Bank(at), Branch(branch), (VisitChannel)_r.Pick(ChannelWeights)));
        }

        private void Moves()
        {
            // The customer moves house: a new home branch and, for a managed customer, a manager there.
            long at = TimeIn(_start, _historyEnd);
            _homeBranch = _r.Pick(_g._branchWeights) + 1;
            if (_manager is not null) _manager = ManagerAt(_homeBranch);
            Profile(at, _homeBranch, _manager);
        }

        private void Tail()
        {
            // The live tail: what happens in the last hour before the run's clock, sent after the history in time
            // order — card payments, balance updates, remittances, fund purchases, branch visits, product openings.
            if (_segment == Segment.Dormant) return;
            double mean = _g._options.TailEventsPerCustomer * (_segment == Segment.Inactive ? 0.2 : 1);
            int count = _r.Poisson(mean);
            for (int i = 0; i < count; i++)
            {
                long at = _asOf - (long)(_r.NextDouble() * (_asOf - _tailStart));
                switch (_r.Pick(TailKindWeights))
                {
                    case 1:
                        Balance(at, _id + "-DS1", BalanceIndicator.ShortTermAssets, Around(_demandLevel, 0.25), tail: true);
                        break;
                    case 2:
                        SettlementTail(at);
                        break;
                    case 3 when _assets >= 30_000:
                        InvestmentTail(at);
                        break;
                    case 4:
                        VisitTail(at);
                        break;
                    case 5:
                        var product = _assets >= 800_000 ? ProductType.WealthCard
                            : _assets >= 150_000 ? ProductType.WealthAccount
                            : _holdsCreditCard ? ProductType.GoldCreditCard : ProductType.ClassicCreditCard;
                        AddTail(at, SimEvent.ProductOf(NextId(), _id, Bank(at), product, ProductAction.Opened));
                        break;
                    default:
                        double spend = _cardSpendPerMonth > 0 ? _cardSpendPerMonth / Math.Clamp(_cardSpendPerMonth / _ticket, 0.2, 30) : _ticket;
                        AddTail(at, SimEvent.Fee(NextId(), _id, Bank(at), FeeBusinessType.CardSpending,
                            Cents(Math.Clamp(_r.LogNormal(spend, 0.7), 1, 200_000)), "POS"));
                        break;
                }
            }
        }

        private void SettlementTail(long at)
        {
            int before = _history.Count;
            Settlement(at);
            MoveLastToTail(before);
        }

        private void InvestmentTail(long at)
        {
            int before = _history.Count;
            Investment(at);
            MoveLastToTail(before);
        }

        private void VisitTail(long at)
        {
            int before = _history.Count;
            Visit(at);
            MoveLastToTail(before);
        }

        private void MoveLastToTail(int before)
        {
            for (int i = before; i < _history.Count; i++) _tail.Add(_history[i]);
            _history.RemoveRange(before, _history.Count - before);
        }

        // ── helpers ──

        private string ManagerAt(int branch) =>
            "M" + ((branch - 1) * _g._options.ManagersPerBranch + _r.Next(_g._options.ManagersPerBranch) + 1)
                .ToString(CultureInfo.InvariantCulture).PadLeft(3, '0');

        private static string Branch(int branch) => "B" + branch.ToString(CultureInfo.InvariantCulture).PadLeft(3, '0');

        private void Profile(long at, int branch, string? manager)
        {
            string name = Surnames[_r.Next(Surnames.Length)] + GivenNames[_r.Next(GivenNames.Length)]
                + (_r.Chance(0.7) ? GivenNames[_r.Next(GivenNames.Length)] : "");
            Add(at, SimEvent.ProfileOf(NextId(), _id, Bank(at), Branch(branch), manager, name));
        }

        private void Balance(long at, string account, BalanceIndicator indicator, double balance, bool tail = false)
        {
            var e = SimEvent.BalanceOf(NextId(), _id, Bank(at), account, indicator, Cents(Math.Max(0, balance)));
            if (tail) AddTail(at, e); else Add(at, e);
        }

        private void Fee(long at, FeeBusinessType business, double amount, string? code, decimal? share) =>
            Add(at, SimEvent.Fee(NextId(), _id, Bank(at), business, Cents(Math.Max(0.01, amount)), code, share));

        private void Product(long at, ProductType product, ProductAction action) =>
            Add(at, SimEvent.ProductOf(NextId(), _id, Bank(at), product, action));

        private void Add(long at, SimEvent e) => _history.Add((Second(at), ++_seq, e));

        private void AddTail(long at, SimEvent e) => _tail.Add((Second(at), ++_seq, e));

        /// <summary>A placeholder id; the final ids are given in time order by <see cref="Result"/>.</summary>
        private string NextId() => "";

        private double Around(double level, double sigma) => level * Math.Exp(sigma * _r.Normal());

        /// <summary>A uniform instant in [from, to) (to the second).</summary>
        private long TimeIn(long from, long to) => to <= from ? from : from + (long)(_r.NextDouble() * (to - from));

        private static long Hours(double hours) => (long)(hours * TimeSpan.TicksPerHour);

        private static long Second(long ticks) => ticks - ticks % TimeSpan.TicksPerSecond;

        private static decimal Cents(double amount) => EventJson.Money((decimal)Math.Round(amount, 2));

        /// <summary>An instant (UTC ticks) to the second, shown in bank time (Asia/Shanghai, +08:00).</summary>
        private DateTimeOffset Bank(long utcTicks) =>
            TimeZoneInfo.ConvertTime(new DateTimeOffset(Second(utcTicks), TimeSpan.Zero), _g._zone);

        /// <summary>A day of every month at an hour (bank time), strictly after <paramref name="from"/> and before
        /// <paramref name="to"/>.</summary>
        private IEnumerable<long> Monthly(long from, long to, int dayOfMonth, int hour)
        {
            var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(from, TimeSpan.Zero), _g._zone);
            var month = new DateOnly(local.Year, local.Month, 1);
            for (int guard = 0; guard < 240; guard++, month = month.AddMonths(1))
            {
                var day = new DateOnly(month.Year, month.Month, Math.Min(dayOfMonth, DateTime.DaysInMonth(month.Year, month.Month)));
                long at = _g._calendar.DayStartUtcTicks(day.DayNumber) + hour * TimeSpan.TicksPerHour;
                if (at <= from) continue;
                if (at >= to) yield break;
                yield return at;
            }
        }
    }
}
