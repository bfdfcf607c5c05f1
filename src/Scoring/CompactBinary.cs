using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CrmActors.Scoring;

/// <summary>The compact binary form both the ledger's snapshot and the journal's change codec write: varints
/// (zig-zag for signed), length-prefixed UTF-8 strings (a null string distinct from an empty one), fixed 8-byte hashes,
/// and decimals as one byte of sign and scale followed by the 96-bit mantissa as a varint. Reusable: <see cref="Clear"/>
/// keeps the buffer.</summary>
public sealed class CompactWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Clear() => _buffer.ResetWrittenCount();

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Byte(byte b)
    {
        _buffer.GetSpan(1)[0] = b;
        _buffer.Advance(1);
    }

    public void VarUInt(ulong value)
    {
        var span = _buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80) { span[n++] = (byte)(value | 0x80); value >>= 7; }
        span[n++] = (byte)value;
        _buffer.Advance(n);
    }

    public void Long(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void Hash(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

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

    /// <summary>As it is: 100 and 100.00 are written apart (normalise first where they must not be).</summary>
    public void Decimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        byte scale = (byte)((bits[3] >> 16) & 0xFF);
        UInt128 mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        Byte((byte)(scale | (bits[3] < 0 && mantissa != 0 ? 0x80 : 0)));
        var span = _buffer.GetSpan(14);
        int n = 0;
        while (mantissa >= 0x80) { span[n++] = (byte)(mantissa | 0x80); mantissa >>= 7; }
        span[n++] = (byte)mantissa;
        _buffer.Advance(n);
    }
}

/// <summary>Reads what <see cref="CompactWriter"/> wrote.</summary>
public ref struct CompactReader(ReadOnlySpan<byte> data)
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

    public ulong Hash() { ulong v = BinaryPrimitives.ReadUInt64LittleEndian(_data[_at..]); _at += 8; return v; }

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
