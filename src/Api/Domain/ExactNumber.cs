namespace CrmActors.Api.Domain;

/// <summary>Reads a JSON number exactly from its UTF-8 text: <c>1e24</c>, <c>1e-30</c> or <c>0.001</c> are what they say,
/// never rounded into the domain by a lenient conversion. Used for every money and share field.</summary>
public static class ExactNumber
{
    /// <summary>True when the JSON number <paramref name="raw"/> lies in [<paramref name="min"/>, <paramref name="max"/>]
    /// with at most <paramref name="decimals"/> decimals.</summary>
    public static bool TryRead(ReadOnlySpan<byte> raw, decimal min, decimal max, int decimals, out decimal value)
    {
        value = 0;
        var digits = new Digits();
        int i = 0;
        bool negative = i < raw.Length && raw[i] == (byte)'-';
        if (negative) i++;
        for (; i < raw.Length && IsDigit(raw[i]); i++)
            if (!digits.Add(raw[i])) return false;
        long fraction = 0;
        if (i < raw.Length && raw[i] == (byte)'.')
            for (i++; i < raw.Length && IsDigit(raw[i]); i++, fraction++)
                if (!digits.Add(raw[i])) return false;
        long exponent = 0;
        if (i < raw.Length && raw[i] is (byte)'e' or (byte)'E')
        {
            i++;
            bool negativeExponent = i < raw.Length && raw[i] == (byte)'-';
            if (i < raw.Length && raw[i] is (byte)'-' or (byte)'+') i++;
            for (; i < raw.Length && IsDigit(raw[i]); i++)
                if (exponent < 1_000_000) exponent = exponent * 10 + (raw[i] - '0');
            if (negativeExponent) exponent = -exponent;
        }
        if (i != raw.Length) return false;

        // value = significant digits × 10^scale; trailing zeros were left out of the digits and go into the scale.
        long scale = exponent - fraction + digits.TrailingZeros;
        decimal result = 0m;
        if (digits.Count > 0)
        {
            if (-scale > decimals) return false;                 // more decimals than allowed (or a tiny number)
            if (digits.Count + scale > 28) return false;         // far beyond any bound
            result = digits.ToDecimal();
            for (long s = scale; s > 0; s--) result *= 10m;
            for (long s = scale; s < 0; s++) result /= 10m;
            if (negative) result = -result;
        }
        if (result < min || result > max) return false;
        value = result;
        return true;
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    /// <summary>The significant digits of a number (no leading zeros; trailing zeros counted apart), at most 28 —
    /// more than any value of the domain has.</summary>
    private ref struct Digits
    {
        private const int Capacity = 28;
        private decimal _value;
        public int Count;
        public long TrailingZeros;

        public bool Add(byte c)
        {
            int d = c - '0';
            if (Count == 0 && d == 0) return true;           // a leading zero
            if (d == 0) { TrailingZeros++; return true; }     // kept apart until a non-zero digit follows
            for (; TrailingZeros > 0; TrailingZeros--)
                if (!Push(0)) return false;
            return Push(d);
        }

        private bool Push(int d)
        {
            if (Count == Capacity) return false;
            _value = _value * 10m + d;
            Count++;
            return true;
        }

        public readonly decimal ToDecimal() => _value;
    }
}
