namespace Backtrace.Snapshots.Validation;

/// <summary>The rule for attribute keys, shared by every reader: keys become index column names.</summary>
public static class AttributeKeys
{
    /// <summary>Why <paramref name="key"/> cannot be an attribute key, or null when it can.</summary>
    public static string? Problem(string key, SnapshotLimits limits)
    {
        if (key.Length == 0)
        {
            return "an attribute key must not be empty";
        }

        if (key.Length > limits.MaxAttributeKeyLength)
        {
            return $"the attribute key is {key.Length} characters long; the limit is {limits.MaxAttributeKeyLength}";
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                return "an attribute key must not contain control characters";
            }
        }

        return null;
    }
}
