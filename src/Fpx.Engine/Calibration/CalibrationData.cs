using System.Globalization;
using Fpx.Engine.Model;

namespace Fpx.Engine.Calibration;

/// <summary>
/// Token sequences that calibration runs through the model. From a file (see <see cref="Parse"/>
/// and docs/ladder.md) or, by default, seeded random tokens.
/// </summary>
public sealed class CalibrationData
{
    /// <summary>Sequences in the default calibration.</summary>
    public const int DefaultSequences = 4;

    /// <summary>Tokens per default sequence (fewer if max_position_embeddings is smaller).</summary>
    public const int DefaultTokens = 32;

    /// <summary>Seed of the default calibration.</summary>
    public const int DefaultSeed = 1;

    /// <summary>Most tokens a calibration file may hold in all (bounds memory: end-to-end keeps tokens x vocabulary reference log-probabilities).</summary>
    public const int MaxTotalTokens = 16384;

    private CalibrationData(IReadOnlyList<int[]> sequences, string source)
    {
        Sequences = sequences;
        Source = source;
    }

    /// <summary>The token sequences.</summary>
    public IReadOnlyList<int[]> Sequences { get; }

    /// <summary>Where they came from, for the ladder file.</summary>
    public string Source { get; }

    /// <summary>Tokens in all sequences.</summary>
    public int TotalTokens => Sequences.Sum(s => s.Length);

    /// <summary>Describes the data for a ladder.</summary>
    public CalibrationInfo Info => new(Source, Sequences.Count, TotalTokens);

    /// <summary>
    /// The calibration used when a model has no ladder file: <see cref="DefaultSequences"/> sequences
    /// of <see cref="DefaultTokens"/> tokens drawn uniformly from the vocabulary with seed <see cref="DefaultSeed"/>.
    /// </summary>
    public static CalibrationData Default(ModelConfig config) =>
        Random(config.VocabSize, DefaultSequences, Math.Min(DefaultTokens, config.MaxPositions), DefaultSeed);

    /// <summary>Uniform random tokens from a SplitMix64 stream: the same on every machine.</summary>
    public static CalibrationData Random(int vocabulary, int sequences, int tokens, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
        var random = new Runtime.SplitMix64((ulong)seed);
        var data = new int[sequences][];
        for (int s = 0; s < sequences; s++)
        {
            data[s] = new int[tokens];
            for (int t = 0; t < tokens; t++)
            {
                data[s][t] = random.NextInt(vocabulary);
            }
        }
        return new CalibrationData(data, $"random(seed={seed}, sequences={sequences}, tokens={tokens})");
    }

    /// <summary>Wraps given sequences (checked against <paramref name="config"/>).</summary>
    public static CalibrationData FromSequences(IEnumerable<int[]> sequences, ModelConfig config, string source = "given")
    {
        var list = sequences.Select(s => s.ToArray()).ToArray();
        Check(list, config, source);
        return new CalibrationData(list, source);
    }

    /// <summary>
    /// Parses a calibration file: UTF-8 text, one token sequence per line, decimal token ids
    /// separated by commas and/or whitespace; empty lines and lines starting with '#' are skipped.
    /// Every id must be in the vocabulary, every sequence 1..max_position_embeddings long, and the
    /// file at most <see cref="MaxTotalTokens"/> tokens.
    /// </summary>
    /// <exception cref="ModelFormatException"><c>calibration_data_invalid</c>, naming the line.</exception>
    public static CalibrationData Parse(string text, ModelConfig config, string source)
    {
        var sequences = new List<int[]>();
        int lineNumber = 0, total = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var tokens = new List<int>();
            foreach (string field in line.Split([',', ' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int token))
                {
                    Fail(source, $"line {lineNumber}: '{Truncate(field)}' is not a token id");
                }
                tokens.Add(token);
                if (++total > MaxTotalTokens)
                {
                    Fail(source, $"more than {MaxTotalTokens} tokens");
                }
            }
            if (tokens.Count == 0)
            {
                Fail(source, $"line {lineNumber} holds no token ids");
            }
            sequences.Add([.. tokens]);
        }
        if (sequences.Count == 0)
        {
            Fail(source, "the file holds no token sequence");
        }
        Check(sequences, config, source);
        return new CalibrationData(sequences, Path.GetFileName(source));
    }

    /// <summary>Reads and parses a calibration file (at most 16 MiB).</summary>
    public static CalibrationData ReadFile(string path, ModelConfig config)
    {
        byte[] bytes = Checkpoint.ReadSmallFile(path, ModelErrorCode.CalibrationDataInvalid);
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new ModelFormatException(ModelErrorCode.CalibrationDataInvalid, path, null, "the file is not UTF-8 text", e);
        }
        return Parse(text, config, path);
    }

    private static void Check(IReadOnlyList<int[]> sequences, ModelConfig config, string source)
    {
        if (sequences.Count == 0)
        {
            Fail(source, "no token sequence");
        }
        if (sequences.Sum(s => (long)s.Length) > MaxTotalTokens)
        {
            Fail(source, $"more than {MaxTotalTokens} tokens");
        }
        for (int s = 0; s < sequences.Count; s++)
        {
            if (sequences[s].Length == 0 || sequences[s].Length > config.MaxPositions)
            {
                Fail(source, $"sequence {s + 1} has {sequences[s].Length} tokens; 1..{config.MaxPositions} (max_position_embeddings) allowed");
            }
            foreach (int token in sequences[s])
            {
                if ((uint)token >= (uint)config.VocabSize)
                {
                    Fail(source, $"sequence {s + 1}: token id {token} is outside the vocabulary [0, {config.VocabSize})");
                }
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20] + "...";

    private static void Fail(string source, string detail) =>
        ModelFormatException.Throw(ModelErrorCode.CalibrationDataInvalid, source, null, detail);
}
