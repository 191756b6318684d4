namespace Backtrace.Storage;

/// <summary>Names shared by every storage mode.</summary>
public static class StorageNames
{
    /// <summary>Name of the Orleans grain storage provider that holds all Backtrace grain state. Each mode
    /// registers its <c>IGrainStorage</c> under this name; grains use it in <c>[PersistentState]</c>.</summary>
    public const string GrainState = "backtrace";
}
