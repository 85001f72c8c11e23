namespace Fpx.Engine.Formats;

/// <summary>Shared encoders and decode tables, built once per process.</summary>
public static class ElementCodecs
{
    /// <summary>F16 encoder.</summary>
    public static readonly MiniFloatEncoder F16 = new(MiniFloatFormats.F16);

    /// <summary>BF16 encoder.</summary>
    public static readonly MiniFloatEncoder BF16 = new(MiniFloatFormats.BF16);

    /// <summary>FP8 E4M3 encoder.</summary>
    public static readonly MiniFloatEncoder E4M3 = new(MiniFloatFormats.E4M3);

    /// <summary>FP8 E5M2 encoder.</summary>
    public static readonly MiniFloatEncoder E5M2 = new(MiniFloatFormats.E5M2);

    /// <summary>FP4 E2M1 encoder.</summary>
    public static readonly MiniFloatEncoder E2M1 = new(MiniFloatFormats.E2M1);

    /// <summary>UE4M3 (NVFP4 block scale) encoder.</summary>
    public static readonly MiniFloatEncoder UE4M3 = new(MiniFloatFormats.UE4M3);

    /// <summary>Every F16 code's value (256 KiB): scalar decoding.</summary>
    public static readonly float[] F16Table = MiniFloat.DecodeTable(MiniFloatFormats.F16);

    /// <summary>Every E4M3 code's value.</summary>
    public static readonly float[] E4M3Table = MiniFloat.DecodeTable(MiniFloatFormats.E4M3);

    /// <summary>Every E5M2 code's value.</summary>
    public static readonly float[] E5M2Table = MiniFloat.DecodeTable(MiniFloatFormats.E5M2);

    /// <summary>Every E2M1 code's value.</summary>
    public static readonly float[] E2M1Table = MiniFloat.DecodeTable(MiniFloatFormats.E2M1);

    /// <summary>Every UE4M3 code's value.</summary>
    public static readonly float[] UE4M3Table = MiniFloat.DecodeTable(MiniFloatFormats.UE4M3);

    /// <summary>Every E8M0 code's value.</summary>
    public static readonly float[] E8M0Table = BuildE8M0Table();

    /// <summary>Decodes a BF16 code: it is the top half of a binary32.</summary>
    public static float DecodeBF16(ushort code) => BitConverter.UInt32BitsToSingle((uint)code << 16);

    private static float[] BuildE8M0Table()
    {
        var table = new float[256];
        for (int code = 0; code < 256; code++)
        {
            table[code] = E8M0.Decode((byte)code);
        }
        return table;
    }
}
