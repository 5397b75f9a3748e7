using Azure;
using Inkoop.Storage;

namespace Inkoop.Tests.Support;

/// <summary>Rounds in memory.</summary>
public sealed class InMemoryRoundStore : IRoundStore
{
    private readonly Dictionary<string, RoundRecord> rounds = [];

    public Task<RoundRecord?> GetAsync(string round, CancellationToken ct = default) => Task.FromResult(rounds.GetValueOrDefault(round));

    public Task<IReadOnlyList<RoundSummary>> ListAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<RoundSummary>>(rounds.Values.OrderBy(r => r.Round, StringComparer.Ordinal)
            .Select(r => new RoundSummary(r.Round, r.Name, r.ReferenceYear, r.RepairDeadline, r.CreatedAt, r.UpdatedAt)).ToList());

    public Task<(RoundRecord Round, bool Created)> SaveAsync(RoundRecord round, ETag? ifMatch = null, CancellationToken ct = default)
    {
        var created = !rounds.ContainsKey(round.Round);
        rounds[round.Round] = round with { ETag = new ETag(Guid.NewGuid().ToString("N")) };
        return Task.FromResult((rounds[round.Round], created));
    }
}
