using System.Globalization;
using System.Text;

namespace CrmActors.Durability.Tests.Support.Harness;

/// <summary>Ways to write one value: the same number or instant in several JSON spellings (all the same content to the
/// contract), and strings of an exact length in Unicode code points from several alphabets.</summary>
public static class Spell
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary><paramref name="value"/> (≥ 0) as a JSON number in one of several spellings of the same value.</summary>
    public static string Number(decimal value, Random random, int decimals = 2)
    {
        string plain = Normalized(value);
        switch (random.Next(8))
        {
            case 0: return value.ToString(Inv);                                   // as the decimal holds it
            case 1: return value.ToString("F" + decimals, Inv);                   // 100.00
            case 2: return Exponent(plain, upper: false, plus: false);            // 12345e-2
            case 3: return Exponent(plain, upper: true, plus: true);              // 1.2345E+2 style (mantissa digits)
            case 4: return plain + (plain.Contains('.') ? "" : ".") + new string('0', 30);   // 5.000000000000000000000000000000
            case 5: return value == 0 ? "-0" : plain;                             // -0 is zero
            default: return plain;
        }
    }

    /// <summary>The shortest decimal text: no trailing zeros.</summary>
    public static string Normalized(decimal value) => value.ToString("0.#############################", Inv);

    private static string Exponent(string plain, bool upper, bool plus)
    {
        int dot = plain.IndexOf('.');
        string digits = dot < 0 ? plain : plain.Remove(dot, 1);
        int scale = dot < 0 ? 0 : plain.Length - dot - 1;
        digits = digits.TrimStart('0');
        if (digits.Length == 0) return upper ? "0E+0" : "0e0";
        int exponent = -scale;
        while (digits.Length > 1 && digits[^1] == '0') { digits = digits[..^1]; exponent++; }
        string e = upper ? "E" : "e";
        if (upper && digits.Length > 1)
        {
            // d.ddd × 10^(exponent + digits - 1)
            int x = exponent + digits.Length - 1;
            return $"{digits[0]}.{digits[1..]}{e}{(x >= 0 && plus ? "+" : "")}{x}";
        }
        return $"{digits}{e}{(exponent >= 0 && plus ? "+" : "")}{exponent}";
    }

    private static readonly TimeSpan[] Offsets =
        [TimeSpan.Zero, TimeSpan.FromHours(8), new TimeSpan(-5, -30, 0), TimeSpan.FromHours(14), TimeSpan.FromHours(-12), new TimeSpan(5, 45, 0)];

    /// <summary>An instant as ISO-8601 with an offset, in one of several spellings of the same instant.</summary>
    public static string Time(DateTimeOffset at, Random random)
    {
        // Every draw is made whatever the instant, so a seed gives the same stream of choices at any time of day.
        var offset = Offsets[random.Next(Offsets.Length)];
        int fractionStyle = random.Next(5), secondsStyle = random.Next(2), zoneStyle = random.Next(2);
        var t = at.ToOffset(offset);
        long subSecond = t.Ticks % TimeSpan.TicksPerSecond;
        string fraction = subSecond != 0 ? "." + subSecond.ToString("D7", Inv).TrimEnd('0')
            : fractionStyle switch { 0 => ".000", 1 => ".0", _ => "" };
        bool noSeconds = subSecond == 0 && t.Second == 0 && fraction.Length == 0 && secondsStyle == 0;
        string zone = offset == TimeSpan.Zero ? (zoneStyle == 0 ? "Z" : "+00:00") : t.ToString("zzz", Inv);
        return JsonText.Str(t.ToString("yyyy-MM-dd'T'HH:mm", Inv) + (noSeconds ? "" : t.ToString(":ss", Inv) + fraction) + zone);
    }

    public enum Alphabet { Ascii, Cjk, Emoji, Combining, Mixed }

    /// <summary><paramref name="prefix"/> filled up to exactly <paramref name="codePoints"/> code points. A
    /// <paramref name="key"/> (customer, branch, manager id) gets no '/', '{' or '}' (FieldDomain.KeyProblem).</summary>
    public static string Fill(string prefix, int codePoints, Alphabet alphabet, Random random, bool key = false)
    {
        var b = new StringBuilder(prefix);
        int count = CodePoints(prefix);
        if (count > codePoints) throw new ArgumentException($"prefix longer than {codePoints}", nameof(prefix));
        while (count < codePoints)
        {
            var a = alphabet == Alphabet.Mixed ? (Alphabet)random.Next(4) : alphabet;
            switch (a)
            {
                case Alphabet.Ascii:
                    char c;
                    do c = (char)random.Next(0x21, 0x7F); while (key && c is '/' or '{' or '}');
                    b.Append(c); count++;
                    break;
                case Alphabet.Cjk:
                    b.Append((char)random.Next(0x4E00, 0x9FA5)); count++;
                    break;
                case Alphabet.Emoji:
                    b.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1F5FF))); count++;
                    break;
                case Alphabet.Combining:
                    if (codePoints - count >= 2) { b.Append('e').Append((char)random.Next(0x0300, 0x0370)); count += 2; }
                    else { b.Append('a'); count++; }
                    break;
            }
        }
        return b.ToString();
    }

    public static int CodePoints(string s)
    {
        int n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }
}
