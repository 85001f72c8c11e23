using System.Text.Json;

namespace Fpx.Policy.Profiles;

/// <summary>
/// The fields of one JSON object, checked strictly: an unknown or repeated field is an error, and
/// every accessor names the full path of what it reads in its error.
/// </summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    public JsonFields(JsonElement element, string path, params string[] allowed)
    {
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            ThrowHelper.ThrowProfile(path, "must be an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            string field = ProfileValidationException.Join(path, property.Name);
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                ThrowHelper.ThrowProfile(field, "is not a known field");
            }

            if (!_fields.TryAdd(property.Name, property.Value))
            {
                ThrowHelper.ThrowProfile(field, "appears more than once");
            }
        }
    }

    public string Path { get; }

    public string PathOf(string name) => ProfileValidationException.Join(Path, name);

    public bool TryGet(string name, out JsonElement value) => _fields.TryGetValue(name, out value);

    public JsonElement Required(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            ThrowHelper.ThrowProfile(PathOf(name), "is required");
        }

        return value;
    }

    public double RequiredNumber(string name) => Number(Required(name), PathOf(name));

    public double? OptionalNumber(string name) => TryGet(name, out var value) ? Number(value, PathOf(name)) : null;

    public string RequiredString(string name)
    {
        var value = Required(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            ThrowHelper.ThrowProfile(PathOf(name), "must be a string");
        }

        return value.GetString()!;
    }

    public bool? OptionalBool(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            ThrowHelper.ThrowProfile(PathOf(name), "must be true or false");
        }

        return value.GetBoolean();
    }

    public static double Number(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            ThrowHelper.ThrowProfile(path, "must be a number");
        }

        if (!value.TryGetDouble(out double d) || !double.IsFinite(d))
        {
            ThrowHelper.ThrowProfile(path, "must be a finite number");
        }

        return d;
    }

    public static int Int32(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            ThrowHelper.ThrowProfile(path, "must be a number");
        }

        if (!value.TryGetInt32(out int i))
        {
            ThrowHelper.ThrowProfile(path, "must be a whole number that fits in 32 bits");
        }

        return i;
    }
}
