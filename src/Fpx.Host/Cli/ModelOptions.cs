using System.CommandLine;
using System.Globalization;
using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;
using Fpx.Engine.Threading;

namespace Fpx.Host.Cli;

/// <summary>Options shared by the verbs that load a model: --model, --fp4, --head, --threads.</summary>
internal sealed class ModelOptions
{
    public ModelOptions(bool required = true) =>
        Model = new("--model") { Description = "Model directory: config.json plus model.safetensors or shards with model.safetensors.index.json.", Required = required };

    public Option<string> Model { get; }

    public Option<string> Fp4 { get; } = FormatOption("--fp4", "mxfp4", "4-bit format behind fp4 and the mixes: mxfp4 or nvfp4.", "mxfp4", "nvfp4");

    public Option<string> Head { get; } = FormatOption("--head", "f32", "Format of the output head: f32 or f16.", "f32", "f16");

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Threads for the linear layers (the caller plus workers); default: every core.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 1 or > 256) r.AddError("--threads must be 1..256"); } },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Fp4);
        command.Options.Add(Head);
        command.Options.Add(Threads);
    }

    private static Option<string> FormatOption(string name, string defaultValue, string description, params string[] allowed)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    /// <summary>The pool for --threads (null for one thread); the caller disposes it.</summary>
    public ComputePool? CreatePool(ParseResult result) => result.GetValue(Threads) is > 1 and int n ? new ComputePool(n) : null;

    public ModelLoadOptions LoadOptions(ParseResult result, IReadOnlyList<string> variants, ComputePool? pool, bool useLadderFile = true)
    {
        WeightFormatInfo.TryParse(result.GetValue(Fp4)!, out var fp4);
        WeightFormatInfo.TryParse(result.GetValue(Head)!, out var head);
        return new ModelLoadOptions { Variants = variants, Fp4Format = fp4, HeadFormat = head, Pool = pool, UseLadderFile = useLadderFile };
    }

    /// <summary>Checks a variant name before any loading: an unknown one is a usage error.</summary>
    public static string CheckVariant(string name) =>
        VariantNames.TryParse(name, out _, out _, out string canonical) ? canonical : throw new UsageException($"unknown variant '{name}': {VariantNames.Help}");

    /// <summary>Parses <c>1,2,3</c> (commas and/or spaces) into token ids.</summary>
    public static int[] ParseTokens(string text)
    {
        var fields = text.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            throw new UsageException("--tokens needs at least one token id, e.g. --tokens 1,2,3");
        }
        var tokens = new int[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            if (!int.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out tokens[i]))
            {
                throw new UsageException($"--tokens: '{fields[i]}' is not a token id (a non-negative integer)");
            }
        }
        return tokens;
    }
}
