using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Backtrace.Dwarf")]
[assembly: InternalsVisibleTo("Backtrace.Unwinding")]
[assembly: InternalsVisibleTo("Backtrace.Elf.Tests")]
[assembly: InternalsVisibleTo("Backtrace.Dwarf.Tests")]
