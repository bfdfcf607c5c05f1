namespace CrmActors.Simulator.Generation;

/// <summary>A small deterministic generator (xoshiro256**, seeded by SplitMix64). Own code rather than
/// <see cref="Random"/> so a bank is the same bank on every .NET version, and so each customer has an independent
/// stream derived from (seed, customer index): customers can be generated in any order, in parallel, or one alone
/// (verify regenerates exactly the customers it checks).</summary>
public sealed class SimRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SimRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The stream of one customer (or any other numbered thing) of a bank generated from <paramref name="seed"/>.</summary>
    public static SimRandom For(long seed, long index, ulong purpose = 0)
    {
        ulong x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xC2B2AE3D27D4EB4FUL ^ purpose * 0x165667B19E3779F9UL);
        return new SimRandom(SplitMix(ref x));
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="n"/>).</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        return (int)((NextULong() >> 32) * (ulong)n >> 32);
    }

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box–Muller; one value per call, so the stream stays simple to reason about).</summary>
    public double Normal()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Log-normal with the given median and shape (σ of the logarithm).</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>Pareto (type I): at least <paramref name="minimum"/>, tail index <paramref name="alpha"/>.</summary>
    public double Pareto(double minimum, double alpha) => minimum / Math.Pow(1.0 - NextDouble(), 1.0 / alpha);

    /// <summary>Poisson with mean <paramref name="mean"/> (Knuth for small means, rounded normal above 30).</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal()));
        double limit = Math.Exp(-mean), product = NextDouble();
        int k = 0;
        while (product > limit)
        {
            k++;
            product *= NextDouble();
        }
        return k;
    }

    /// <summary>An index chosen with the given (cumulative) weights: <paramref name="cumulative"/> is ascending and
    /// ends with the total.</summary>
    public int Pick(double[] cumulative)
    {
        double x = NextDouble() * cumulative[^1];
        int i = Array.BinarySearch(cumulative, x);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, cumulative.Length - 1);
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
