using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Backtrace.Unwinding")]
[assembly: InternalsVisibleTo("Backtrace.Dwarf.Tests")]
