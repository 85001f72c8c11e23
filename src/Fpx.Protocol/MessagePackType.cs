namespace Fpx.Protocol;

/// <summary>The types of the MessagePack type system (spec "Type system").</summary>
public enum MessagePackType : byte
{
    /// <summary>Not a type: the reserved format byte 0xc1.</summary>
    Unknown = 0,
    /// <summary>nil.</summary>
    Nil = 1,
    /// <summary>true or false.</summary>
    Boolean = 2,
    /// <summary>An integer from -(2^63) to 2^64-1 in any int format.</summary>
    Integer = 3,
    /// <summary>An IEEE 754 float 32 or float 64.</summary>
    Float = 4,
    /// <summary>A UTF-8 string (str format family).</summary>
    String = 5,
    /// <summary>A byte array (bin format family).</summary>
    Binary = 6,
    /// <summary>A sequence of values (array format family).</summary>
    Array = 7,
    /// <summary>Key-value pairs (map format family).</summary>
    Map = 8,
    /// <summary>A typed byte array (ext format family), including the timestamp extension (type -1).</summary>
    Extension = 9,
}
