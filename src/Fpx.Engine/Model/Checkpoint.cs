using System.Security.Cryptography;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Model;

/// <summary>
/// A Hugging Face model directory, opened and fully validated: config.json plus model.safetensors,
/// or shards listed by model.safetensors.index.json (as transformers resolves them: the single
/// file first). Every tensor the config implies is present with the right shape and dtype, and
/// nothing else is. Tensors are then read row by row from the memory maps.
/// </summary>
internal sealed partial class Checkpoint : Runtime.IWeightSource, IDisposable
{
    public const string ConfigFile = "config.json";
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    private readonly List<SafeTensorsFile> _files = [];
    private readonly Dictionary<string, (SafeTensorsFile File, TensorEntry Entry)> _tensors = new(StringComparer.Ordinal);

    private Checkpoint(string directory, ModelConfig config)
    {
        Directory = directory;
        Config = config;
    }

    public string Directory { get; }

    public ModelConfig Config { get; }

    /// <summary><c>sha256:</c> of config.json and every file's safetensors header: changes when the model does.</summary>
    public string Fingerprint { get; private set; } = "";

    public static Checkpoint Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            ModelFormatException.Throw(ModelErrorCode.DirectoryNotFound, directory, null, "the model directory does not exist");
        }
        string configPath = Path.Combine(directory, ConfigFile);
        byte[] configBytes = ReadSmallFile(configPath, ModelErrorCode.ConfigInvalid);
        var checkpoint = new Checkpoint(directory, ModelConfig.Parse(configBytes, configPath));
        try
        {
            string single = Path.Combine(directory, SingleFile);
            string index = Path.Combine(directory, IndexFile);
            if (File.Exists(single))
            {
                checkpoint.AddFile(SafeTensorsFile.Open(single), null);
            }
            else if (File.Exists(index))
            {
                checkpoint.AddShards(index);
            }
            else
            {
                ModelFormatException.Throw(ModelErrorCode.FileNotFound, directory, null, $"neither {SingleFile} nor {IndexFile} exists");
            }
            checkpoint.CheckAgainstConfig();
            checkpoint.Fingerprint = checkpoint.ComputeFingerprint(configBytes);
            return checkpoint;
        }
        catch
        {
            checkpoint.Dispose();
            throw;
        }
    }

    /// <summary>Reads a JSON side file whole, refusing sizes above <see cref="ModelLimits.MaxJsonFileBytes"/>.</summary>
    internal static byte[] ReadSmallFile(string path, ModelErrorCode tooLarge)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                ModelFormatException.Throw(ModelErrorCode.FileNotFound, path, null, "the file does not exist");
            }
            if (info.Length > ModelLimits.MaxJsonFileBytes)
            {
                ModelFormatException.Throw(tooLarge, path, null, $"the file has {info.Length} bytes; the limit is {ModelLimits.MaxJsonFileBytes}");
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(ModelErrorCode.FileUnreadable, path, null, e.Message, e);
        }
    }

    /// <summary>Adds a file's tensors; with an index, each must be listed there for this very file.</summary>
    private void AddFile(SafeTensorsFile file, IReadOnlyDictionary<string, string>? weightMap)
    {
        _files.Add(file);
        string name = Path.GetFileName(file.Path);
        foreach (var entry in file.Tensors)
        {
            if (_tensors.TryGetValue(entry.Name, out var other))
            {
                ModelFormatException.Throw(ModelErrorCode.TensorDuplicate, file.Path, entry.Name, $"the tensor is also in {other.File.Path}");
            }
            if (weightMap is not null && (!weightMap.TryGetValue(entry.Name, out var listed) || listed != name))
            {
                ModelFormatException.Throw(ModelErrorCode.TensorUnexpected, file.Path, entry.Name,
                    $"{IndexFile} does not list the tensor for this file");
            }
            _tensors[entry.Name] = (file, entry);
        }
    }

    private void CheckAgainstConfig()
    {
        var expected = LlamaLayout.Expected(Config);
        string where = _files.Count == 1 ? _files[0].Path : Path.Combine(Directory, IndexFile);
        foreach (var (name, (file, entry)) in _tensors)
        {
            if (LlamaLayout.IsIgnorable(name))
            {
                continue;
            }
            if (!expected.TryGetValue(name, out var shape))
            {
                string why = name == LlamaLayout.Head && Config.TieWordEmbeddings
                    ? "the config ties the output head to the embedding, so the checkpoint must not hold lm_head.weight"
                    : "the architecture has no such tensor";
                ModelFormatException.Throw(ModelErrorCode.TensorUnexpected, file.Path, name, why);
            }
            if (!shape.AsSpan().SequenceEqual(entry.Shape))
            {
                ModelFormatException.Throw(ModelErrorCode.ShapeMismatch, file.Path, name,
                    $"shape is {entry.ShapeText}; config.json implies [{string.Join(", ", shape)}]");
            }
            if (Config.DType is { } dtype && entry.DType != dtype)
            {
                ModelFormatException.Throw(ModelErrorCode.DTypeMismatch, file.Path, name,
                    $"dtype is {entry.DType}; config.json's torch_dtype says {dtype}");
            }
        }
        foreach (string name in expected.Keys)
        {
            if (!_tensors.ContainsKey(name))
            {
                ModelFormatException.Throw(ModelErrorCode.TensorMissing, where, name, "the architecture needs this tensor");
            }
        }
    }

    private string ComputeFingerprint(byte[] configBytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(configBytes);
        foreach (var file in _files.OrderBy(f => Path.GetFileName(f.Path), StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file.Path)));
            sha.AppendData(file.HeaderHash);
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private (SafeTensorsFile File, TensorEntry Entry) Find(string name) =>
        _tensors.TryGetValue(name, out var found) ? found
            : ModelFormatException.Throw<(SafeTensorsFile, TensorEntry)>(ModelErrorCode.TensorMissing, Directory, name, "the tensor is not in the checkpoint");

    /// <summary>A 1-D tensor (norm weight, bias), widened to FP32 and checked finite.</summary>
    public float[] Vector(string name)
    {
        var (file, entry) = Find(name);
        var values = new float[entry.ElementCount];
        file.ReadFloats(entry, 0, values);
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values))
        {
            ModelFormatException.Throw(ModelErrorCode.NonFiniteWeight, file.Path, name, "the tensor holds NaN or infinity");
        }
        return values;
    }

    /// <summary>A 2-D tensor's rows, widened to FP32 from the map (safe to call from several threads).</summary>
    public RowSource Rows(string name, out int rows, out int cols)
    {
        var (file, entry) = Find(name);
        rows = checked((int)entry.Shape[0]);
        int width = cols = checked((int)entry.Shape[1]);
        return (row, destination) => file.ReadFloats(entry, (long)row * width, destination[..width]);
    }

    /// <summary>Quantizes a 2-D tensor, turning a non-finite weight into <c>non_finite_weight</c> naming the tensor.</summary>
    public QuantizedMatrix Quantize(string name, WeightFormat format)
    {
        var source = Rows(name, out int rows, out int cols);
        try
        {
            return QuantizedMatrix.Quantize(rows, cols, format, source);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException(ModelErrorCode.NonFiniteWeight, Find(name).File.Path, name, e.Message, e);
        }
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
        _files.Clear();
    }
}
