using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using CrmActors.Scoring;

namespace CrmActors.Abstractions.Changes;

/// <summary>The journal's stored form of a change, and its content hash. The form is canonical: instants in UTC ticks,
/// decimals without trailing zeros, every string length-prefixed — so 100 and 100.00, or one instant written in two
/// offsets, encode alike (as they are alike to the contract), and no two different changes share an encoding whatever
/// characters their strings contain. "Same id, same content" (a duplicate) versus "same id, other content" (409) is
/// decided on the hash of this form.</summary>
public static class ChangeCodec
{
    private const byte Version = 1;
    public const int HashLength = 16;

    private enum Kind : byte { Balance, FeeBusiness, Product, BranchVisit, Profile, SetManualStar, ClearManualStar }

    public static byte[] Encode(CustomerChange change) => Write(change).ToArray();

    /// <summary>The content hash as a number, without a payload array: what the in-memory journal keeps per change.</summary>
    public static UInt128 HashOf(CustomerChange change)
    {
        Span<byte> full = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Write(change).Written, full);
        return new UInt128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(full),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(full[8..]));
    }

    [ThreadStatic] private static Writer? t_writer;

    /// <summary>Encodes into this thread's buffer (reused: valid until the thread's next call).</summary>
    private static Writer Write(CustomerChange change)
    {
        var w = t_writer ??= new Writer();
        w.Clear();
        w.Byte(Version);
        w.Byte((byte)KindOf(change));
        w.String(change.CustomerId);
        w.String(change.Producer);
        w.String(change.ChangeId);
        w.Long(change.OccurredAt.UtcTicks);
        switch (change)
        {
            case BalanceEvent b: w.String(b.AccountId); w.Byte((byte)b.Indicator); w.Decimal(b.Balance); break;
            case FeeBusinessEvent f: w.Byte((byte)f.Business); w.Decimal(f.Amount); w.NullableString(f.BusinessCode); w.Decimal(f.FeeShare); break;
            case ProductEvent p: w.Byte((byte)p.Product); w.Byte((byte)p.Action); break;
            case BranchVisitEvent v: w.String(v.BranchId); w.Byte((byte)v.Channel); break;
            case ProfileEvent p: w.String(p.HomeBranchId); w.NullableString(p.ManagerId); w.NullableString(p.DisplayName); break;
            case SetManualStar s: w.Byte((byte)s.Star); w.String(s.Reason); w.String(s.SetBy); w.Long(s.ExpiresAt?.UtcTicks ?? 0); break;
            case ClearManualStar c: w.String(c.ClearedBy); break;
        }
        return w;
    }

    /// <summary>The first <see cref="HashLength"/> bytes of SHA-256 over the canonical form.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> encoded)
    {
        Span<byte> full = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(encoded, full);
        return full[..HashLength].ToArray();
    }

    public static byte[] Hash(CustomerChange change) => Hash(Encode(change));

    public static CustomerChange Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0 && data[0] == (byte)'{') return LegacyJson.Decode(data);
        var r = new Reader(data);
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

    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(128);

        public void Byte(byte b) { _buffer.GetSpan(1)[0] = b; _buffer.Advance(1); }

        public void VarUInt(ulong value)
        {
            var span = _buffer.GetSpan(10);
            int n = 0;
            while (value >= 0x80) { span[n++] = (byte)(value | 0x80); value >>= 7; }
            span[n++] = (byte)value;
            _buffer.Advance(n);
        }

        public void Long(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

        public void String(string value)
        {
            int bytes = Encoding.UTF8.GetByteCount(value);
            VarUInt((ulong)bytes);
            _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(bytes)));
        }

        public void NullableString(string? value)
        {
            if (value is null) { VarUInt(0); return; }
            int bytes = Encoding.UTF8.GetByteCount(value);
            VarUInt((ulong)bytes + 1);
            _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(bytes)));
        }

        /// <summary>Normalised (no trailing zeros), then sign and scale in one byte and the mantissa as a varint.</summary>
        public void Decimal(decimal value)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value / 1.000000000000000000000000000000000m, bits);
            byte scale = (byte)((bits[3] >> 16) & 0xFF);
            bool negative = bits[3] < 0;
            UInt128 mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
            Byte((byte)(scale | (negative && mantissa != 0 ? 0x80 : 0)));
            var span = _buffer.GetSpan(14);
            int n = 0;
            while (mantissa >= 0x80) { span[n++] = (byte)(mantissa | 0x80); mantissa >>= 7; }
            span[n++] = (byte)mantissa;
            _buffer.Advance(n);
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

        public void Clear() => _buffer.ResetWrittenCount();
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public byte Byte() => _data[_at++];

        public ulong VarUInt()
        {
            ulong value = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }

        public long Long() { ulong v = VarUInt(); return (long)(v >> 1) ^ -(long)(v & 1); }

        public string String()
        {
            int bytes = (int)VarUInt();
            string s = Encoding.UTF8.GetString(_data.Slice(_at, bytes));
            _at += bytes;
            return s;
        }

        public string? NullableString()
        {
            int marker = (int)VarUInt();
            if (marker == 0) return null;
            string s = Encoding.UTF8.GetString(_data.Slice(_at, marker - 1));
            _at += marker - 1;
            return s;
        }

        public decimal Decimal()
        {
            byte head = Byte();
            UInt128 mantissa = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = _data[_at++];
                mantissa |= (UInt128)(b & 0x7F) << shift;
                if (b < 0x80) break;
            }
            return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64),
                (head & 0x80) != 0, (byte)(head & 0x7F));
        }
    }
}
