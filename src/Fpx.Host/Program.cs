using Fpx.Host.Cli;

return FpxCommandLine.Build().Parse(args).Invoke();
