namespace CrmActors.Scoring;

internal enum EntryKind : byte
{
    Balance = 0,
    Fee = 1,
    Product = 2,
}

/// <summary>One scored event in a customer's ledger, ordered by (Ticks, IdHash). Balance entries name an account
/// (index into the ledger's account table); product entries carry the action in <see cref="Account"/>; fee entries
/// pack their share of the standard fee and their business code there (<c>CustomerLedger.FeeTerms</c>).</summary>
internal struct LedgerEntry
{
    public long Ticks;
    public ulong IdHash;
    public int Day;
    public EntryKind Kind;
    public byte Code;
    public int Account;
    /// <summary>Balance: the account's balance after the event. Fee: the transaction's amount (the rule set's cap and
    /// the share are applied when it is counted).</summary>
    public decimal Amount;
    /// <summary>Derived during the sweep: how much this balance entry changed its indicator's total balance.</summary>
    public decimal Delta;

    public readonly int CompareTo(long ticks, ulong idHash) =>
        Ticks != ticks ? Ticks.CompareTo(ticks) : IdHash.CompareTo(idHash);
}
