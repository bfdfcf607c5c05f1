using CrmActors.Abstractions;
using CrmActors.Abstractions.History;
using CrmActors.Scoring;
using Npgsql;
using NpgsqlTypes;

namespace CrmActors.Persistence.Journal;

/// <summary>Customers' star histories in <c>crm_star_history</c> (schema 005), one row per (customer, number).</summary>
public sealed class PostgresStarHistory(NpgsqlDataSource dataSource) : IStarHistory
{
    public async Task AppendAsync(string customerId, IReadOnlyList<StarHistoryEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0) return;
        int n = entries.Count;
        var seqs = new long[n];
        var ats = new DateTimeOffset[n];
        var olds = new short[n];
        var news = new short[n];
        var causes = new short[n];
        var points = new decimal[n];
        var breakdowns = new string[n];
        var reasons = new string?[n];
        var by = new string?[n];
        var versions = new string?[n];
        for (int i = 0; i < n; i++)
        {
            var c = entries[i].Change;
            seqs[i] = entries[i].Seq;
            ats[i] = c.At.ToUniversalTime();
            olds[i] = (short)c.OldStar;
            news[i] = (short)c.NewStar;
            causes[i] = (short)c.Cause;
            points[i] = c.Points;
            var b = c.Breakdown;
            breakdowns[i] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{{{b.ShortTermAssets},{b.LongTermAssets},{b.Mortgage},{b.OtherLoans},{b.CardOverdraft},{b.Investment},{b.CardSpending},{b.Settlement}}}");
            reasons[i] = c.Reason;
            by[i] = c.ChangedBy;
            versions[i] = c.RuleVersion;
        }
        await using var command = dataSource.CreateCommand(
            "INSERT INTO crm_star_history (customer_id, seq, at, old_star, new_star, cause, points, breakdown, reason, changed_by, rule_version) " +
            "SELECT $1, u.seq, u.at, u.old_star, u.new_star, u.cause, u.points, u.breakdown::numeric[], u.reason, u.changed_by, u.rule_version " +
            "FROM unnest($2, $3, $4, $5, $6, $7, $8, $9, $10, $11) " +
            "AS u(seq, at, old_star, new_star, cause, points, breakdown, reason, changed_by, rule_version) " +
            "ON CONFLICT (customer_id, seq) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = customerId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = seqs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = ats, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = olds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = news, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = causes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = points, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter { Value = breakdowns, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = reasons, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = by, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StarHistoryEntry>> ReadAsync(string customerId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT seq, at, old_star, new_star, cause, points, breakdown, reason, changed_by, rule_version FROM crm_star_history " +
            "WHERE customer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = customerId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSeq, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var entries = new List<StarHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var b = reader.GetFieldValue<decimal[]>(6);
            entries.Add(new StarHistoryEntry(reader.GetInt64(0), new StarChangeNotice(customerId,
                (Star)reader.GetInt16(2), (Star)reader.GetInt16(3), (StarChangeCause)reader.GetInt16(4), reader.GetDecimal(5),
                new IndicatorPoints(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]), reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                RuleVersion: reader.IsDBNull(9) ? null : reader.GetString(9))));
        }
        return entries;
    }
}
