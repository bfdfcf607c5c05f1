namespace CrmActors.Scoring;

/// <summary>What applying a batch did: events applied, events already seen, service-star changes (oldest first)
/// and the branch visits that were new.</summary>
public sealed record LedgerUpdate(int Applied, int Duplicates, IReadOnlyList<StarChange> StarChanges, IReadOnlyList<BranchVisit> Visits);
