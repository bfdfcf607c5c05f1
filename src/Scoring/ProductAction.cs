namespace CrmActors.Scoring;

public enum ProductAction : byte
{
    Opened = 0,
    Closed = 1,
}
