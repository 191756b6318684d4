using Backtrace.Hydra;
using Backtrace.Hydra.Cli;

return HydraCommandLine.Run(args, HydraApp.Run);
