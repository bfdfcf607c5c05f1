using System.IO.Hashing;
using CrmActors.Scoring;

namespace CrmActors.Abstractions.Changes;

/// <summary>The journal's stored form of a change, and its content hash. The form is canonical: instants in UTC ticks,
/// decimals without trailing zeros, every string length-prefixed — so 100 and 100.00, or one instant written in two
/// offsets, encode alike (as they are alike to the contract), and no two different changes share an encoding whatever
/// characters their strings contain. "Same id, same content" (a duplicate) versus "same id, other content" (409) is
/// decided on the hash of this form: XXH128, not a cryptographic hash — ids are unique per producer, so a producer that
/// crafted two colliding contents for one of its ids could only confuse its own duplicates.</summary>
public static class ChangeCodec
{
    private const byte Version = 1;

    private enum Kind : byte { Balance, FeeBusiness, Product, BranchVisit, Profile, SetManualStar, ClearManualStar }

    public static byte[] Encode(CustomerChange change) => Write(change).ToArray();

    /// <summary>The content hash as a number, without a payload array: what the in-memory journal keeps per change.</summary>
    public static UInt128 HashOf(CustomerChange change) => XxHash128.HashToUInt128(Write(change).Written);

    /// <summary>The identity (producer, change id) as a number: both length-prefixed, so no two pairs share an input.</summary>
    public static UInt128 IdentityOf(string producer, string changeId)
    {
        var w = t_writer ??= new CompactWriter();
        w.Clear();
        w.String(producer);
        w.String(changeId);
        return XxHash128.HashToUInt128(w.Written);
    }

    [ThreadStatic] private static CompactWriter? t_writer;

    /// <summary>Encodes into this thread's buffer (reused: valid until the thread's next call).</summary>
    private static CompactWriter Write(CustomerChange change)
    {
        var w = t_writer ??= new CompactWriter();
        w.Clear();
        w.Byte(Version);
        w.Byte((byte)KindOf(change));
        w.String(change.CustomerId);
        w.String(change.Producer);
        w.String(change.ChangeId);
        w.Long(change.OccurredAt.UtcTicks);
        switch (change)
        {
            case BalanceEvent b: w.String(b.AccountId); w.Byte((byte)b.Indicator); w.Decimal(Normal(b.Balance)); break;
            case FeeBusinessEvent f: w.Byte((byte)f.Business); w.Decimal(Normal(f.Amount)); w.NullableString(f.BusinessCode); w.Decimal(Normal(f.FeeShare)); break;
            case ProductEvent p: w.Byte((byte)p.Product); w.Byte((byte)p.Action); break;
            case BranchVisitEvent v: w.String(v.BranchId); w.Byte((byte)v.Channel); break;
            case ProfileEvent p: w.String(p.HomeBranchId); w.NullableString(p.ManagerId); w.NullableString(p.DisplayName); break;
            case SetManualStar s: w.Byte((byte)s.Star); w.String(s.Reason); w.String(s.SetBy); w.Long(s.ExpiresAt?.UtcTicks ?? 0); break;
            case ClearManualStar c: w.String(c.ClearedBy); break;
        }
        return w;
    }

    /// <summary>The content hash (16 bytes of XXH128 over the canonical form), as the journal stores it.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> encoded) => XxHash128.Hash(encoded);

    public static byte[] Hash(CustomerChange change) => XxHash128.Hash(Write(change).Written);

    public static CustomerChange Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0 && data[0] == (byte)'{') return LegacyJson.Decode(data);
        var r = new CompactReader(data);
        byte version = r.Byte();
        if (version != Version) throw new InvalidDataException($"Unknown journal payload version {version}.");
        var kind = (Kind)r.Byte();
        string customer = r.String(), producer = r.String(), id = r.String();
        var at = new DateTimeOffset(r.Long(), TimeSpan.Zero);
        CustomerChange change = kind switch
        {
            Kind.Balance => new BalanceEvent
            {
                CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                AccountId = r.String(), Indicator = (BalanceIndicator)r.Byte(), Balance = r.Decimal(),
            },
            Kind.FeeBusiness => new FeeBusinessEvent
            {
                CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                Business = (FeeBusinessType)r.Byte(), Amount = r.Decimal(), BusinessCode = r.NullableString(), FeeShare = r.Decimal(),
            },
            Kind.Product => new ProductEvent
            {
                CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                Product = (ProductType)r.Byte(), Action = (ProductAction)r.Byte(),
            },
            Kind.BranchVisit => new BranchVisitEvent
            {
                CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                BranchId = r.String(), Channel = (VisitChannel)r.Byte(),
            },
            Kind.Profile => new ProfileEvent
            {
                CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                HomeBranchId = r.String(), ManagerId = r.NullableString(), DisplayName = r.NullableString(),
            },
            Kind.SetManualStar => new SetManualStar
            {
                CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at,
                Star = (Star)r.Byte(), Reason = r.String(), SetBy = r.String(), ExpiresAt = r.Long() is var t and not 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null,
            },
            Kind.ClearManualStar => new ClearManualStar
            {
                CustomerId = customer, Producer = producer, ChangeId = id, OccurredAt = at, ClearedBy = r.String(),
            },
            _ => throw new InvalidDataException($"Unknown journal change kind {kind}."),
        };
        return change;
    }

    /// <summary>Without trailing zeros: 100 and 100.00 are one content.</summary>
    private static decimal Normal(decimal value) => value / 1.000000000000000000000000000000000m;

    private static Kind KindOf(CustomerChange change) => change switch
    {
        BalanceEvent => Kind.Balance,
        FeeBusinessEvent => Kind.FeeBusiness,
        ProductEvent => Kind.Product,
        BranchVisitEvent => Kind.BranchVisit,
        ProfileEvent => Kind.Profile,
        SetManualStar => Kind.SetManualStar,
        ClearManualStar => Kind.ClearManualStar,
        _ => throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(change)),
    };
}
