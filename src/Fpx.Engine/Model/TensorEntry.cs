namespace Fpx.Engine.Model;

/// <summary>
/// One tensor of a safetensors header: name, dtype, shape and its byte range relative to the start
/// of the data section (after the 8-byte length and the header), as the format defines it.
/// </summary>
/// <param name="Name">The tensor's name, e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first (a PyTorch nn.Linear weight is [out, in]).</param>
/// <param name="Begin">First byte, relative to the data section.</param>
/// <param name="End">One past the last byte, relative to the data section.</param>
internal sealed record TensorEntry(string Name, TensorDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Product of the dimensions; throws <see cref="OverflowException"/> beyond 2^63.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long d in Shape)
            {
                count = checked(count * d);
            }
            return count;
        }
    }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
