using Fpx.Host.Cli;

return FpxCommandLine.Run(args);
