using System.Diagnostics;

namespace CrmActors.Durability.Tests.Support;

/// <summary>Waiting on the cluster: until every journaled event is delivered, until the membership shows a silo dead,
/// until every API node answers /health/ready.</summary>
public static class Delivery
{
    /// <summary>Polls until no journaled event is left behind a dispatcher checkpoint; returns the moment (Stopwatch
    /// timestamp) it first saw none.</summary>
    public static async Task<long> AllDeliveredAsync(string connectionString, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        long last = -1;
        while (true)
        {
            try
            {
                last = await Journal.UndeliveredAsync(connectionString);
                if (last == 0) return Stopwatch.GetTimestamp();
            }
            catch (Npgsql.NpgsqlException) { } // the database may be coming back
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"{last} journaled events still undelivered after {timeout}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Until the newest generation of the silo on <paramref name="siloPort"/> is Dead in the membership table
    /// and the others listed are Active.</summary>
    public static async Task<long> SiloDeclaredDeadAsync(string connectionString, int siloPort, IEnumerable<int> activePorts, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var others = activePorts.ToList();
        while (true)
        {
            var members = await Journal.MembershipAsync(connectionString);
            if (members.GetValueOrDefault(siloPort) == Journal.Dead && others.All(p => members.GetValueOrDefault(p) == Journal.Active))
                return Stopwatch.GetTimestamp();
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"Silo {siloPort} not declared dead after {timeout}: " +
                                           string.Join(", ", members.Select(m => $"{m.Key}={m.Value}")));
            await Task.Delay(100);
        }
    }

    public static async Task<long> ApisReadyAsync(IReadOnlyList<Uri> apis, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            bool all = true;
            foreach (var api in apis)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(api, "/health/ready"));
                    all &= response.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    all = false;
                }
            }
            if (all) return Stopwatch.GetTimestamp();
            if (deadline.Elapsed > timeout) throw new TimeoutException($"API nodes not ready after {timeout}.");
            await Task.Delay(100);
        }
    }

    public static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;
}
