using Backtrace.Hydra.Inspection;
using Backtrace.Hydra.Sources;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Peripheral;

/// <summary>Everything a peripheral page is built from.</summary>
/// <param name="Snapshot">The snapshot being viewed.</param>
/// <param name="Addresses">Address lookups over the snapshot.</param>
/// <param name="Sources">Local source files, through the source map.</param>
/// <param name="Position">The selected thread and frame.</param>
public sealed record PeripheralContext(Snapshot Snapshot, AddressBook Addresses, SourceFiles Sources, Position Position);
