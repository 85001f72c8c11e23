using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fpx.Scenarios;

/// <summary>
/// Writes a behaviour-cloning dataset the Python trainer reads (tools/train_decision_model.py):
/// <list type="bullet">
/// <item><c>tokens.json</c>: the vocabulary (<see cref="TokenVocabulary.ToJson"/>);</item>
/// <item><c>train.txt</c>, <c>heldout.txt</c>: one example per line, the observation's token ids and
/// then the label's action token id, separated by spaces;</item>
/// <item><c>heldout.jsonl</c>: the held-out split again as JSON lines, <c>{"tokens": [...], "label": N}</c> with
/// the label's action token: the calibration-set format of <c>fpx profile</c> (docs/profiles.md);</item>
/// <item><c>manifest.json</c>: counts, label histograms and whatever the exporter says about its sources.</item>
/// </list>
/// Plain text so a dataset diffs and greps; a few hundred thousand lines load in about a second.
/// </summary>
public sealed class DatasetWriter : IDisposable
{
    private readonly TokenVocabulary _vocabulary;
    private readonly string _directory;
    private readonly StreamWriter _train;
    private readonly StreamWriter _heldout;
    private readonly StreamWriter _heldoutJson;
    private readonly long[] _trainLabels;
    private readonly long[] _heldoutLabels;
    private readonly StringBuilder _line = new();

    /// <summary>Creates (or overwrites) the dataset in <paramref name="directory"/>.</summary>
    public DatasetWriter(string directory, TokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Directory.CreateDirectory(directory);
        _directory = directory;
        _vocabulary = vocabulary;
        File.WriteAllText(Path.Combine(directory, "tokens.json"), vocabulary.ToJson());
        _train = new StreamWriter(Path.Combine(directory, "train.txt"), false, new UTF8Encoding(false));
        _heldout = new StreamWriter(Path.Combine(directory, "heldout.txt"), false, new UTF8Encoding(false));
        _heldoutJson = new StreamWriter(Path.Combine(directory, "heldout.jsonl"), false, new UTF8Encoding(false));
        _trainLabels = new long[vocabulary.ActionNames.Count];
        _heldoutLabels = new long[vocabulary.ActionNames.Count];
    }

    /// <summary>Examples written to train.txt.</summary>
    public long TrainCount => _trainLabels.Sum();

    /// <summary>Examples written to heldout.txt.</summary>
    public long HeldoutCount => _heldoutLabels.Sum();

    /// <summary>Appends one example.</summary>
    /// <param name="observation">The observation tokens.</param>
    /// <param name="action">The label as an action index.</param>
    /// <param name="heldout">True to put it in the held-out split.</param>
    public void Add(ReadOnlySpan<int> observation, int action, bool heldout)
    {
        _vocabulary.Decode(observation); // validates: a malformed example must never reach training
        _line.Clear();
        foreach (int token in observation)
        {
            _line.Append(token.ToString(CultureInfo.InvariantCulture)).Append(' ');
        }
        _line.Append(_vocabulary.ActionToken(action).ToString(CultureInfo.InvariantCulture)).Append('\n');
        (heldout ? _heldout : _train).Write(_line);
        (heldout ? _heldoutLabels : _trainLabels)[action]++;
        if (heldout)
        {
            _line.Clear().Append("{\"tokens\": [");
            for (int i = 0; i < observation.Length; i++)
            {
                _line.Append(i == 0 ? "" : ", ").Append(observation[i].ToString(CultureInfo.InvariantCulture));
            }
            _line.Append("], \"label\": ").Append(_vocabulary.ActionToken(action).ToString(CultureInfo.InvariantCulture)).Append("}\n");
            _heldoutJson.Write(_line);
        }
    }

    /// <summary>Flushes the splits and writes manifest.json with <paramref name="details"/>.</summary>
    public void Complete(IReadOnlyDictionary<string, object> details)
    {
        _train.Flush();
        _heldout.Flush();
        _heldoutJson.Flush();
        var manifest = new Dictionary<string, object>
        {
            ["task"] = _vocabulary.Task,
            ["vocabulary_version"] = _vocabulary.Version,
            ["train_examples"] = TrainCount,
            ["heldout_examples"] = HeldoutCount,
            ["train_labels"] = Histogram(_trainLabels),
            ["heldout_labels"] = Histogram(_heldoutLabels),
            ["details"] = details,
        };
        File.WriteAllText(Path.Combine(_directory, "manifest.json"),
            JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private Dictionary<string, long> Histogram(long[] counts) =>
        _vocabulary.ActionNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => counts[p.i]);

    /// <inheritdoc />
    public void Dispose()
    {
        _train.Dispose();
        _heldout.Dispose();
        _heldoutJson.Dispose();
    }
}
