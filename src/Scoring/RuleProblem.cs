namespace CrmActors.Scoring;

/// <summary>Why a proposed rule set cannot be used: the field (as the contract names it) and what is wrong.</summary>
public sealed record RuleProblem(string Field, string Message);
