namespace CrmActors.Abstractions.Journal;

/// <summary>A place in the event journal: the committing transaction's id, then the event's order within that
/// batch. Readers advance in this order, which — unlike a sequence — no late commit can fall behind.</summary>
[GenerateSerializer, Immutable, Alias("crm.JournalPosition")]
public readonly record struct JournalPosition([property: Id(0)] ulong Txid, [property: Id(1)] int Ord)
    : IComparable<JournalPosition>
{
    public static JournalPosition Start => default;

    /// <summary>Past every position: "everything committed".</summary>
    public static JournalPosition End => new(ulong.MaxValue, int.MaxValue);

    public int CompareTo(JournalPosition other) => Txid != other.Txid ? Txid.CompareTo(other.Txid) : Ord.CompareTo(other.Ord);

    public static bool operator <(JournalPosition a, JournalPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(JournalPosition a, JournalPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(JournalPosition a, JournalPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(JournalPosition a, JournalPosition b) => a.CompareTo(b) >= 0;

    public static JournalPosition Max(JournalPosition a, JournalPosition b) => a >= b ? a : b;
}
