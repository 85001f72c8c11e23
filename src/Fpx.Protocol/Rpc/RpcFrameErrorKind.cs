namespace Fpx.Protocol.Rpc;

/// <summary>Why a frame is not a MessagePack-RPC message. The numeric values are stable.</summary>
public enum RpcFrameErrorKind
{
    /// <summary>The bytes are not valid MessagePack (see <see cref="RpcFrameError.MessagePackError"/>).</summary>
    MalformedMessagePack = 1,
    /// <summary>The value is not an array.</summary>
    NotAnArray = 2,
    /// <summary>The array has the wrong number of elements for its message type.</summary>
    WrongArity = 3,
    /// <summary>The first element is not 0, 1 or 2.</summary>
    UnknownMessageType = 4,
    /// <summary>The msgid is not an integer in [0, 2^32-1].</summary>
    InvalidMessageId = 5,
    /// <summary>The method is not a str of valid UTF-8.</summary>
    InvalidMethod = 6,
    /// <summary>The params are not an array.</summary>
    ParamsNotArray = 7,
    /// <summary>Bytes follow the message inside the frame.</summary>
    TrailingBytes = 8,
}
