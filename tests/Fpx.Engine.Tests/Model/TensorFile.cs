using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fpx.Engine.Tests.Model;

/// <summary>
/// A safetensors file taken apart for damage tests: an independent reader/writer of the format
/// (u64 LE header length, JSON header, data) whose header can be edited as JSON before writing.
/// </summary>
internal sealed class TensorFile
{
    public sealed record Tensor(string Name, string DType, long[] Shape, byte[] Data);

    public List<Tensor> Tensors { get; } = [];

    public static TensorFile Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength))!.AsObject();
        var file = new TensorFile();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                continue;
            }
            var offsets = node!["data_offsets"]!.AsArray();
            long begin = (long)offsets[0]!, end = (long)offsets[1]!;
            file.Tensors.Add(new Tensor(name, (string)node["dtype"]!, node["shape"]!.AsArray().Select(d => (long)d!).ToArray(),
                bytes.AsSpan((int)(8 + headerLength + begin), (int)(end - begin)).ToArray()));
        }
        return file;
    }

    public Tensor this[string name] => Tensors.Single(t => t.Name == name);

    public void Replace(string name, Func<Tensor, Tensor> change)
    {
        int i = Tensors.FindIndex(t => t.Name == name);
        Tensors[i] = change(Tensors[i]);
    }

    /// <summary>The header as the tensors imply it (offsets back to back).</summary>
    public JsonObject Header()
    {
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var t in Tensors)
        {
            header[t.Name] = new JsonObject
            {
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + t.Data.Length),
            };
            offset += t.Data.Length;
        }
        return header;
    }

    /// <summary>Writes the file; <paramref name="editHeader"/> may change the JSON first, <paramref name="headerText"/> replaces it outright.</summary>
    public void Write(string path, Action<JsonObject>? editHeader = null, string? headerText = null, byte[]? trailing = null)
    {
        var header = Header();
        editHeader?.Invoke(header);
        byte[] json = Encoding.UTF8.GetBytes(headerText ?? header.ToJsonString());
        int padding = (8 - json.Length % 8) % 8;
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + padding));
        stream.Write(length);
        stream.Write(json);
        stream.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        foreach (var t in Tensors)
        {
            stream.Write(t.Data);
        }
        stream.Write(trailing ?? []);
    }

    /// <summary>Edits config.json of a model directory as JSON.</summary>
    public static void EditConfig(string directory, Action<JsonObject> edit)
    {
        string path = Path.Combine(directory, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(config);
        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
