using System.Text.Json;

namespace Fpx.Engine.Model;

internal sealed partial class Checkpoint
{
    /// <summary>
    /// Opens the shards that model.safetensors.index.json lists (<c>{"metadata": {...}, "weight_map":
    /// {tensor: file}}</c>, as transformers writes it). Shard names must be plain file names in the
    /// model directory: an index cannot make Fpx read a file elsewhere.
    /// </summary>
    private void AddShards(string indexPath)
    {
        var weightMap = ReadIndex(indexPath);
        foreach (string shard in weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            AddFile(SafeTensorsFile.Open(Path.Combine(Directory, shard)), weightMap);
        }
        foreach (var (tensor, shard) in weightMap)
        {
            if (!_tensors.ContainsKey(tensor))
            {
                ModelFormatException.Throw(ModelErrorCode.TensorMissing, Path.Combine(Directory, shard), tensor,
                    $"{IndexFile} lists the tensor in this file but the file does not hold it");
            }
        }
    }

    internal static Dictionary<string, string> ReadIndex(string indexPath)
    {
        byte[] bytes = ReadSmallFile(indexPath, ModelErrorCode.IndexInvalid);
        using (var document = StrictJson.Parse(bytes, ModelErrorCode.IndexInvalid, indexPath))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                return ModelFormatException.Throw<Dictionary<string, string>>(ModelErrorCode.IndexInvalid, indexPath, null, "the index needs a \"weight_map\" object");
            }
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in map.EnumerateObject())
            {
                if (item.Value.ValueKind != JsonValueKind.String)
                {
                    ModelFormatException.Throw(ModelErrorCode.IndexInvalid, indexPath, item.Name, "the shard name is not a string");
                }
                string shard = item.Value.GetString()!;
                if (!IsPlainShardName(shard))
                {
                    ModelFormatException.Throw(ModelErrorCode.IndexInvalid, indexPath, item.Name,
                        $"shard '{shard}' is not a plain *.safetensors file name in the model directory");
                }
                if (!weightMap.TryAdd(item.Name, shard))
                {
                    ModelFormatException.Throw(ModelErrorCode.TensorDuplicate, indexPath, item.Name, "the tensor is listed twice");
                }
            }
            if (weightMap.Values.Distinct(StringComparer.Ordinal).Count() > ModelLimits.MaxShards)
            {
                ModelFormatException.Throw(ModelErrorCode.IndexInvalid, indexPath, null, $"more than {ModelLimits.MaxShards} shards");
            }
            if (weightMap.Count == 0)
            {
                ModelFormatException.Throw(ModelErrorCode.IndexInvalid, indexPath, null, "weight_map is empty");
            }
            return weightMap;
        }
    }

    private static bool IsPlainShardName(string name) =>
        name.Length is > 12 and < 256
        && name.EndsWith(".safetensors", StringComparison.Ordinal)
        && name.IndexOfAny(['/', '\\', ':', '\0']) < 0
        && name != ".." && !name.StartsWith('.');
}
