namespace CrmActors.Scoring;

// What one Apply changed in the primary state, so that a failed Apply leaves the ledger exactly as it was: an event
// the ledger refuses (or any fault while sweeping) must not leave half a batch behind, or the customer could never
// be applied again. The derived state (window sums, stars of the month) is not restored but rebuilt on next use.
public sealed partial class CustomerLedger
{
    /// <summary>One per thread, reset for each Apply (an Apply runs on one thread to its end): the hot path allocates
    /// nothing for it.</summary>
    private sealed class Undo
    {
        [ThreadStatic] private static Undo? t_current;

        private CustomerLedger _ledger = null!;
        private int _accounts;
        private int _businessCodes;
        private CustomerProfile? _profile;
        private ulong _profileIdHash;
        private bool _hasHistory;
        private Star _announced;
        private ManualStarSetting? _manual;
        private long _manualCommandTicks;
        private ulong _manualCommandId;
        private StarChange[] _unreported = [];
        private readonly List<(long Ticks, ulong Id)> _inserted = [];
        private List<(BranchVisit Visit, ulong IdHash)>? _visits;
        private List<string>? _branches;

        public static Undo For(CustomerLedger ledger)
        {
            var undo = t_current ??= new Undo();
            undo.Reset(ledger);
            return undo;
        }

        private void Reset(CustomerLedger ledger)
        {
            _inserted.Clear();
            _visits = null;
            _branches = null;
            _ledger = ledger;
            _accounts = ledger._accountIds.Count;
            _businessCodes = ledger._businessCodes.Count;
            _profile = ledger._profile;
            _profileIdHash = ledger._profileIdHash;
            _hasHistory = ledger._hasHistory;
            _announced = ledger._announced;
            _manual = ledger._manual;
            _manualCommandTicks = ledger._manualCommandTicks;
            _manualCommandId = ledger._manualCommandId;
            _unreported = ledger._unreported.Count == 0 ? [] : [.. ledger._unreported];
        }

        public void EntryInserted(long ticks, ulong id) => _inserted.Add((ticks, id));

        public void VisitsChanging() => _visits ??= [.. _ledger._recentVisits];

        public void BranchAdded(string branch) => (_branches ??= []).Add(branch);

        public void Restore()
        {
            var l = _ledger;
            foreach (var (ticks, id) in _inserted)
            {
                int at = l._entries.FindIndex(e => e.Ticks == ticks && e.IdHash == id);
                if (at >= 0) l._entries.RemoveAt(at);
            }
            for (int i = l._accountIds.Count - 1; i >= _accounts; i--)
            {
                l._accountIndex.Remove((l._accountIds[i], l._accountIndicators[i]));
                l._accountIds.RemoveAt(i);
                l._accountIndicators.RemoveAt(i);
            }
            if (l._businessCodes.Count > _businessCodes)
                l._businessCodes.RemoveRange(_businessCodes, l._businessCodes.Count - _businessCodes);
            if (_visits is not null)
            {
                l._recentVisits.Clear();
                l._recentVisits.AddRange(_visits);
            }
            if (_branches is not null) foreach (var b in _branches) l._visitedBranches.Remove(b);
            l._profile = _profile;
            l._profileIdHash = _profileIdHash;
            l._hasHistory = _hasHistory;
            l._announced = _announced;
            l._manual = _manual;
            l._manualCommandTicks = _manualCommandTicks;
            l._manualCommandId = _manualCommandId;
            l._unreported.Clear();
            l._unreported.AddRange(_unreported);
            l._built = false;   // the sums are rebuilt from the restored entries on next use
        }
    }
}
