namespace Backtrace.Unwinding.Modules;

/// <summary>What <see cref="ModuleCache.Load"/> found: the image, or the precise reason there is none.</summary>
/// <param name="Image">The opened image, or null.</param>
/// <param name="Problem">Why the image is missing or suspect (file not found, not ELF, build-id differs), else null.</param>
/// <param name="LocalPath">The path opened on this machine after path mappings.</param>
public readonly record struct ModuleLoadResult(ModuleImage? Image, string? Problem, string LocalPath);
