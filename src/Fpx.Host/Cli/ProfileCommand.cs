using System.CommandLine;
using System.Text.Json;
using Fpx.Engine.Runtime;
using Fpx.Host.Backend;
using Fpx.Host.Profiling;
using Fpx.Policy.Profiles;
using Fpx.Scenarios;
using Fpx.Scenarios.Statistics;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx profile</c>: measures a task's latency-quality profile on a model (docs/profiles.md):
/// runs the calibration set through every served variant, writes the profile (keeping the fields a
/// quant chose), prints one line per variant and optionally plots the latency-quality frontier.
/// Output lines (a contract): <c>variant=V bits=B quality=Q agreement=A accuracy=C mean_us=M
/// p50_us=X p90_us=Y p99_us=Z frontier=yes|no</c>, then <c>profile=PATH task=T examples=N</c>.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var task = new Option<string>("--task") { Description = "Task name (the profile's name; its action tokens come from --out when it exists, else MODEL/task.json).", Required = true };
        var data = new Option<string>("--data") { Description = "Calibration set: JSON lines {\"tokens\": [...], \"label\": <action token>} (label optional), see docs/profiles.md.", Required = true };
        var output = new Option<string?>("--out") { Description = "Profile to write (and whose non-measured fields to keep). Default MODEL/profiles/TASK.json." };
        var plot = new Option<string?>("--plot") { Description = "Also write an SVG of the latency-quality frontier here." };
        var limit = new Option<int>("--limit") { Description = "Use at most this many examples (the first ones).", DefaultValueFactory = _ => int.MaxValue };
        limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--limit must be positive"); });
        var warmup = new Option<int>("--warmup-ms") { Description = "Unmeasured warm-up, so the runtime's code reaches tier-1 JIT before timing.", DefaultValueFactory = _ => 1500 };
        warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 60_000) r.AddError("--warmup-ms must be 0..60000"); });
        var command = new Command("profile", "Measure a task's latency-quality profile on a model: quality and latency of every variant.") { task, data, output, plot, limit, warmup };
        model.AddTo(command);
        command.SetAction(result => CliExit.Guard(() =>
        {
            string directory = result.GetValue(model.Model)!;
            string name = result.GetValue(task)!;
            if (!ProfileNames.IsValid(name))
            {
                throw new UsageException($"--task '{name}' is not a valid task name (1 to 64 of a-z 0-9 . _ -, starting with a letter or digit)");
            }

            string outPath = result.GetValue(output) ?? Path.Combine(directory, "profiles", name + ".json");
            TaskProfile? existing = ReadExisting(outPath, name);
            using var pool = model.CreatePool(result);
            using var m = TransformerModel.Load(directory, model.LoadOptions(result, VariantNames.Serving, pool));
            int[] actions = existing is not null ? [.. existing.ActionTokens] : ActionsFromTaskFile(directory, name);
            using var backend = new TransformerBackend(m, new TransformerBackendOptions { MaxContextTokens = m.Config.MaxPositions });
            IReadOnlyList<CalibrationExample> examples;
            try
            {
                examples = CalibrationSet.Read(result.GetValue(data)!, m.Config.VocabSize, backend.MaxContextTokens, actions, result.GetValue(limit));
            }
            catch (FormatException e)
            {
                return CliExit.Error(CliExit.Failure, e.Message);
            }

            var run = new ProfileRun(backend, actions) { Warmup = TimeSpan.FromMilliseconds(result.GetValue(warmup)) };
            using var progress = ProgressLine.ForStderr($"profile {name}");
            IReadOnlyList<VariantMeasurement> measured = run.Measure(examples, progress);
            progress?.Dispose();
            TaskProfile profile;
            try
            {
                profile = ProfileBuilder.Build(name, actions, measured, existing);
            }
            catch (ProfileValidationException e)
            {
                return CliExit.Error(CliExit.Failure, $"the measured profile is not valid: {e.Message}");
            }

            Write(outPath, TaskProfileJson.ToUtf8Bytes(profile));
            foreach (VariantMeasurement v in measured)
            {
                Console.WriteLine($"variant={v.Variant} bits={CliText.Fixed(v.BitsPerWeight, 3)} quality={CliText.Fixed(v.Agreement, 4)} agreement={CliText.Fixed(v.Agreement, 4)} "
                    + $"accuracy={(v.Accuracy is { } a ? CliText.Fixed(a, 4) : "-")} mean_us={CliText.Fixed(v.MeanUs, 1)} p50_us={CliText.Fixed(v.P50Us, 1)} "
                    + $"p90_us={CliText.Fixed(v.P90Us, 1)} p99_us={CliText.Fixed(v.P99Us, 1)} frontier={(v.OnFrontier ? "yes" : "no")}");
            }

            Console.WriteLine($"profile={outPath} task={name} examples={examples.Count} mixes=\"{m.LadderSource}\"");
            if (result.GetValue(plot) is { } plotPath)
            {
                Write(plotPath, System.Text.Encoding.UTF8.GetBytes(Plot(measured, name, Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), examples.Count)));
                Console.WriteLine($"plot={plotPath}");
            }

            return CliExit.Ok;
        }));
        return command;
    }

    /// <summary>The profile being refreshed, or null; a file that is not a valid profile of this task is a data error.</summary>
    private static TaskProfile? ReadExisting(string path, string task)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        TaskProfile existing;
        try
        {
            existing = TaskProfileJson.Parse(File.ReadAllBytes(path));
        }
        catch (ProfileValidationException e)
        {
            throw new IOException($"{path}: {e.Message} (fix or remove it; fpx profile keeps its non-measured fields)", e);
        }

        return existing.Task == task ? existing : throw new IOException($"{path} is the profile of task '{existing.Task}', not '{task}'");
    }

    /// <summary>The action tokens of MODEL/task.json (written by the trainer: {"task", "allowed_action_tokens"}).</summary>
    private static int[] ActionsFromTaskFile(string directory, string task)
    {
        string path = Path.Combine(directory, "task.json");
        if (!File.Exists(path))
        {
            throw new UsageException($"no action tokens for task '{task}': neither --out names an existing profile nor {path} exists");
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement;
        if (!root.TryGetProperty("task", out JsonElement t) || t.GetString() != task || !root.TryGetProperty("allowed_action_tokens", out JsonElement actions))
        {
            throw new UsageException($"{path} does not describe task '{task}' with allowed_action_tokens");
        }

        return [.. actions.EnumerateArray().Select(a => a.GetInt32())];
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a profile.</summary>
    private static void Write(string path, byte[] bytes)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Quality (agreement with fp16, Wilson 95% interval) against mean decision latency; frontier variants in one colour.</summary>
    private static string Plot(IReadOnlyList<VariantMeasurement> measured, string task, string model, int examples)
    {
        ScenarioResult[] rows =
        [
            .. measured.Select(v =>
            {
                ConfidenceInterval ci = Wilson.Interval(Math.Round(v.Agreement * v.Decisions), v.Decisions);
                return new ScenarioResult
                {
                    Scenario = task,
                    Mode = v.OnFrontier ? "frontier" : "dominated",
                    Policy = v.Variant,
                    Bits = v.BitsPerWeight,
                    LatencyMeanUs = v.MeanUs,
                    LatencyP99Us = v.P99Us,
                    Quality = v.Agreement,
                    Metric = "agreement with fp16",
                    Outcome = v.Agreement,
                    CiLow = ci.Low,
                    CiHigh = ci.High,
                    Decisions = v.Decisions,
                };
            }),
        ];
        return SvgPlot.Render(rows, $"{model} / {task}: latency-quality frontier ({examples} examples)");
    }
}
