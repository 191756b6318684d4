using Backtrace.Elf;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Target;

namespace Backtrace.Unwinding.Walking;

/// <summary>
/// The target's modules and mappings indexed by address, with modules matched to their images on first use. Also
/// reads code bytes: from the target's memory when captured, else from the module's file (cores and live captures
/// rarely hold text pages).
/// </summary>
internal sealed class ModuleMap
{
    // The vDSO is two pages on current kernels; anything far larger is not a vDSO image worth reading.
    private const ulong MaxMemoryImageSize = 1 << 20;

    private readonly ITargetProcess _target;
    private readonly ModuleCache _cache;
    private readonly TargetModule[] _modules;
    private readonly ResolvedModule?[] _resolved;
    private readonly MappedRegion[] _regions;

    public ModuleMap(ITargetProcess target, ModuleCache cache)
    {
        _target = target;
        _cache = cache;
        _modules = [.. target.Modules];
        Array.Sort(_modules, static (a, b) => a.Start.CompareTo(b.Start));
        _resolved = new ResolvedModule?[_modules.Length];
        _regions = [.. target.Mappings];
        Array.Sort(_regions, static (a, b) => a.Start.CompareTo(b.Start));
    }

    public int Count => _modules.Length;

    /// <summary>The module at sorted position <paramref name="index"/>, resolved now if it was not yet.</summary>
    public ResolvedModule Resolve(int index) => _resolved[index] ??= ResolveNow(_modules[index]);

    /// <summary>The module containing <paramref name="address"/>, resolved, or null.</summary>
    public ResolvedModule? Find(ulong address)
    {
        int lo = 0, hi = _modules.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_modules[mid].Start > address)
            {
                hi = mid - 1;
            }
            else if (_modules[mid].End <= address)
            {
                lo = mid + 1;
            }
            else
            {
                return Resolve(mid);
            }
        }

        return null;
    }

    /// <summary>The mapping containing <paramref name="address"/>, if any.</summary>
    public bool TryFindRegion(ulong address, out MappedRegion region)
    {
        int lo = 0, hi = _regions.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_regions[mid].Start > address)
            {
                hi = mid - 1;
            }
            else if (_regions[mid].End <= address)
            {
                lo = mid + 1;
            }
            else
            {
                region = _regions[mid];
                return true;
            }
        }

        region = default;
        return false;
    }

    /// <summary>True when <paramref name="address"/> is in an executable mapping, whether or not a module covers it (JIT code).</summary>
    public bool IsExecutable(ulong address) => TryFindRegion(address, out var region) && region.IsExecutable;

    /// <summary>Reads code bytes from the target, else from the file of the module that maps them.</summary>
    public bool TryReadCode(ulong address, Span<byte> destination)
    {
        if (_target.TryReadMemory(address, destination))
        {
            return true;
        }

        if (Find(address) is not { Image: { } image } module)
        {
            return false;
        }

        var virtualAddress = address - module.LoadBias;
        return image.Elf.TryGetFileOffset(virtualAddress, out var offset, out var available)
            && available >= (ulong)destination.Length
            && image.Elf.TryGetBytes(offset, (ulong)destination.Length, out var bytes)
            && bytes.TryCopyTo(destination);
    }

    private ResolvedModule ResolveNow(TargetModule module)
    {
        if (module.ImageInMemory)
        {
            return ResolveMemoryImage(module);
        }

        var loaded = _cache.Load(module.Path, module.BuildId);
        if (loaded.Image is not { } image)
        {
            return new ResolvedModule(module, null, 0, loaded.Problem);
        }

        if (module.LoadBias is { } known)
        {
            return new ResolvedModule(module, image, known, loaded.Problem);
        }

        foreach (var region in _regions)
        {
            if (region.Start >= module.Start && region.Start < module.End && region.Path == module.Path
                && image.TryGetLoadBias(region.Start, region.FileOffset, out var bias))
            {
                return new ResolvedModule(module, image, bias, loaded.Problem);
            }
        }

        return new ResolvedModule(module, null, 0,
            $"{loaded.LocalPath}: no PT_LOAD segment matches the file offsets of its mappings, so the load bias is unknown");
    }

    private ResolvedModule ResolveMemoryImage(TargetModule module)
    {
        var size = module.End - module.Start;
        if (size > MaxMemoryImageSize)
        {
            return new ResolvedModule(module, null, 0, $"{module.Path}: in-memory image of {size} bytes exceeds the {MaxMemoryImageSize}-byte limit");
        }

        try
        {
            var image = _cache.LoadFromMemory(module.Path, module.BuildId, () =>
            {
                var bytes = new byte[size];
                return _target.TryReadMemory(module.Start, bytes)
                    ? bytes
                    : throw new ElfFormatException($"{module.Path}: its {size} bytes at 0x{module.Start:x} were not captured");
            });
            var bias = module.LoadBias ?? (image.TryGetLoadBias(module.Start, 0, out var computed) ? computed : module.Start);
            return new ResolvedModule(module, image, bias, null);
        }
        catch (ElfFormatException e)
        {
            return new ResolvedModule(module, null, 0, e.Message);
        }
    }
}
