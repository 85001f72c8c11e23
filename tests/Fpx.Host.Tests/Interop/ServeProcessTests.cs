using System.Diagnostics;
using System.Runtime.InteropServices;
using Fpx.Host.Tests.Support;

namespace Fpx.Host.Tests.Interop;

/// <summary>`fpx serve --fake` as a separate process: bots against it, then SIGTERM stops it gracefully.</summary>
public class ServeProcessTests
{
    private static string FpxDll => Path.Combine(AppContext.BaseDirectory, "fpx.dll");

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(FpxDll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("FPX_SECRET");
        return Process.Start(start)!;
    }

    [Fact]
    public async Task Serve_fake_answers_bots_and_stops_on_sigterm()
    {
        string python = Peers.RequirePython();
        using Process serve = Start("serve", "--fake", "--port", "0", "--fake-scale", "0.1");
        try
        {
            string line = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
                ?? throw new Xunit.Sdk.XunitException(await serve.StandardError.ReadToEndAsync());
            Assert.StartsWith("listening on 127.0.0.1:", line);
            int port = int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            BotTests.CheckBotOutput(Peers.RunBot(python, "tests/interop/python/bot.py", port));

            Assert.Equal(0, Kill(serve.Id, 15 /* SIGTERM */));
            Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, serve.ExitCode);
            Assert.StartsWith("stopped after 24 responses", await serve.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill();
            }
        }
    }

    [Fact]
    public async Task Serve_model_serves_the_bundled_model_and_its_profiles()
    {
        string model = Backend.ModelHost.Bundled("trading-small");
        using Process serve = Start("serve", "--model", model, "--port", "0", "--warmup-ms", "0", "--threads", "1", "--shadow-fraction", "0");
        try
        {
            string line = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                ?? throw new Xunit.Sdk.XunitException(await serve.StandardError.ReadToEndAsync());
            Assert.StartsWith("listening on 127.0.0.1:", line);
            int port = int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            using var client = new RawClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            object?[] tasks = (object?[])client.Call(1, "tasks").Result!;
            Assert.Equal("trading", Assert.Single(tasks.Cast<Dictionary<string, object?>>())["name"]);

            // Forced fp16 with a generous budget: answered whatever the machine's load (the profile's utility is 5 ms linear).
            int[] observation = Backend.ModelHostTests.Observation(model);
            Dictionary<string, object?> r = client.Call(2, "decide", Msg.DecideParams("trading", observation, 10_000_000, variant: "fp16")).Map;
            Assert.Contains(Convert.ToInt32(r["action"]), new[] { 81, 82, 83 });
            Assert.Equal(1.0, r["expected_quality"]);

            Assert.Equal(0, Kill(serve.Id, 15 /* SIGTERM */));
            Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, serve.ExitCode);
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill();
            }
        }
    }

    [Fact]
    public void Serve_model_without_profiles_says_how_to_make_them()
    {
        string empty = Path.Combine(Path.GetTempPath(), "fpx-host-tests", $"model-{Guid.NewGuid():N}");
        Directory.CreateDirectory(empty);
        foreach (string file in Directory.GetFiles(Backend.ModelHost.Bundled("trading-small")))
        {
            File.Copy(file, Path.Combine(empty, Path.GetFileName(file)));
        }

        using Process serve = Start("serve", "--model", empty, "--port", "0");
        Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("fpx profile", serve.StandardError.ReadToEnd());
        Directory.Delete(empty, recursive: true);
    }

    [Fact]
    public void Serve_refuses_a_public_address_without_a_secret()
    {
        using Process serve = Start("serve", "--fake", "--bind", "0.0.0.0", "--port", "0");
        Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("secret", serve.StandardError.ReadToEnd());
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
