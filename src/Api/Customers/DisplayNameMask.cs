using System.Globalization;

namespace CrmActors.Api.Customers;

/// <summary>Contract "profile": the display name is shown masked to tellers, e.g. 张*明.</summary>
public static class DisplayNameMask
{
    /// <summary>First and last character kept, the rest starred; two characters keep the first; one is starred.
    /// Counts user-perceived characters, so a surrogate pair or combined character is never split.</summary>
    public static string Mask(string name)
    {
        var chars = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(name);
        while (e.MoveNext()) chars.Add(e.GetTextElement());
        return chars.Count switch
        {
            0 => "",
            1 => "*",
            2 => chars[0] + "*",
            _ => chars[0] + new string('*', chars.Count - 2) + chars[^1],
        };
    }
}
