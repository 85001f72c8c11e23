using Fpx.Host.Cli;

// Socket completions run inline on the runtime's epoll thread instead of hopping to the thread
// pool: the connection loops never block (compute has its own thread), and the hop costs about
// 10 us per message on this machine (docs/decisions/0020-host-threading-model.md). Must be set
// before the first socket is created; an explicit setting in the environment wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return FpxCommandLine.Run(args);
