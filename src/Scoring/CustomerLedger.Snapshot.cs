
namespace CrmActors.Scoring;

// A compact binary form of the ledger's primary state. Derived state (window sums, stars of the month) is not
// written: it is rebuilt from the entries on first use, which is also what keeps a restored customer exact.
// Entries are delta-coded in time order; amounts are decimal mantissas as varints. Issue target: ≤ 2 KB for
// 30 balance changes and 60 fee transactions in the window.
public sealed partial class CustomerLedger
{
    /// <summary>2 added the newest manual command's (time, id hash), which a clear leaves behind too; 3 keeps a fee's
    /// own amount, share and business code (the cap is the rule set's, applied when counted) instead of the counted
    /// amount.</summary>
    private const byte SnapshotVersion = 3;

    public byte[] ToSnapshot()
    {
        var w = new CompactWriter();
        w.Byte(SnapshotVersion);
        w.Byte((byte)_announced);
        w.Byte((byte)((_hasHistory ? 1 : 0) | (_manual is null ? 0 : 2) | (_profile is null ? 0 : 4)));
        if (_manual is { } m)
        {
            w.Byte((byte)m.Star);
            w.String(m.Reason);
            w.Long(m.SetAt.UtcTicks);
            w.String(m.SetBy);
            w.Long(m.ExpiresAt?.UtcTicks ?? 0);
        }
        w.Long(_manualCommandTicks);
        w.Hash(_manualCommandId);
        if (_profile is { } p)
        {
            w.String(p.HomeBranchId);
            w.NullableString(p.ManagerId);
            w.NullableString(p.DisplayName);
            w.Long(p.UpdatedAt.UtcTicks);
            w.Hash(_profileIdHash);
        }
        w.VarUInt((ulong)_recentVisits.Count);
        foreach (var (visit, hash) in _recentVisits)
        {
            w.String(visit.BranchId);
            w.Byte((byte)visit.Channel);
            w.Long(visit.At.UtcTicks);
            w.Hash(hash);
        }
        w.VarUInt((ulong)_visitedBranches.Count);
        foreach (var branch in _visitedBranches.Order(StringComparer.Ordinal)) w.String(branch);
        w.VarUInt((ulong)_accountIds.Count);
        for (int i = 0; i < _accountIds.Count; i++)
        {
            w.String(_accountIds[i]);
            w.Byte((byte)_accountIndicators[i]);
        }
        w.VarUInt((ulong)_businessCodes.Count);
        foreach (var code in _businessCodes) w.String(code);
        w.VarUInt((ulong)_entries.Count);
        long previous = 0;
        foreach (var e in _entries)
        {
            long delta = e.Ticks - previous;   // entries are sorted: never negative
            previous = e.Ticks;
            bool wholeSeconds = delta % TimeSpan.TicksPerSecond == 0;
            bool opened = e.Kind == EntryKind.Product && e.Account == (int)ProductAction.Opened;
            w.Byte((byte)((int)e.Kind | e.Code << 2 | (wholeSeconds ? 1 << 5 : 0) | (opened ? 1 << 6 : 0)));
            w.VarUInt((ulong)(wholeSeconds ? delta / TimeSpan.TicksPerSecond : delta));
            w.Hash(e.IdHash);
            if (e.Kind == EntryKind.Balance) w.VarUInt((ulong)e.Account);
            if (e.Kind != EntryKind.Product) w.Decimal(e.Amount);
            if (e.Kind == EntryKind.Fee) w.VarUInt((ulong)e.Account);
        }
        return w.ToArray();
    }

    public static CustomerLedger FromSnapshot(ReadOnlySpan<byte> snapshot, StarModelOptions options, TimeProvider clock,
        int retainDays = 0)
    {
        var ledger = new CustomerLedger(options, clock, retainDays);
        var r = new CompactReader(snapshot);
        byte version = r.Byte();
        if (version is not (1 or 2 or SnapshotVersion)) throw new InvalidDataException($"Unknown ledger snapshot version {version}.");
        ledger._announced = (Star)r.Byte();
        byte flags = r.Byte();
        ledger._hasHistory = (flags & 1) != 0;
        if ((flags & 2) != 0)
        {
            var star = (Star)r.Byte();
            string reason = r.String();
            var setAt = Utc(r.Long());
            string setBy = r.String();
            long expires = r.Long();
            ledger._manual = new ManualStarSetting(star, reason, setAt, setBy, expires == 0 ? null : Utc(expires));
        }
        if (version >= 2)
        {
            ledger._manualCommandTicks = r.Long();
            ledger._manualCommandId = r.Hash();
        }
        else if (ledger._manual is { } m)
        {
            ledger._manualCommandTicks = m.SetAt.UtcTicks;   // version 1 knew only the setting in force
        }
        if ((flags & 4) != 0)
        {
            ledger._profile = new CustomerProfile(r.String(), r.NullableString(), r.NullableString(), Utc(r.Long()));
            ledger._profileIdHash = r.Hash();
        }
        for (ulong n = r.VarUInt(); n > 0; n--)
            ledger._recentVisits.Add((new BranchVisit(r.String(), (VisitChannel)r.Byte(), Utc(r.Long())), r.Hash()));
        for (ulong n = r.VarUInt(); n > 0; n--) ledger._visitedBranches.Add(r.String());
        for (ulong n = r.VarUInt(); n > 0; n--)
        {
            string id = r.String();
            ledger.AccountIndex(id, (BalanceIndicator)r.Byte());
        }
        if (version >= 3)
            for (ulong n = r.VarUInt(); n > 0; n--) ledger.BusinessCodeIndex(r.String());
        long ticks = 0;
        ulong count = r.VarUInt();
        ledger._entries.Capacity = (int)count;   // one exact array: the list would otherwise grow by doubling
        for (ulong n = count; n > 0; n--)
        {
            byte header = r.Byte();
            ulong delta = r.VarUInt();
            ticks += (header & (1 << 5)) != 0 ? (long)delta * TimeSpan.TicksPerSecond : (long)delta;
            var e = new LedgerEntry
            {
                Ticks = ticks, IdHash = r.Hash(), Day = ledger._calendar.DayOf(ticks),
                Kind = (EntryKind)(header & 3), Code = (byte)((header >> 2) & 7),
            };
            if (e.Kind == EntryKind.Balance) e.Account = (int)r.VarUInt();
            if (e.Kind == EntryKind.Product)
                e.Account = (int)((header & (1 << 6)) != 0 ? ProductAction.Opened : ProductAction.Closed);
            else e.Amount = r.Decimal();
            // Before version 3 a fee held its counted amount (cap and share applied): it counts as it was, in full.
            if (e.Kind == EntryKind.Fee) e.Account = version >= 3 ? (int)r.VarUInt() : FullShare;
            ledger._entries.Add(e);
        }
        return ledger;
    }

    private const int FullShare = 10_000;

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}
