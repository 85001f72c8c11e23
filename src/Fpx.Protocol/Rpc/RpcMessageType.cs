namespace Fpx.Protocol.Rpc;

/// <summary>The first element of a MessagePack-RPC message (MessagePack-RPC spec "Messages").</summary>
public enum RpcMessageType
{
    /// <summary><c>[0, msgid, method, params]</c>.</summary>
    Request = 0,
    /// <summary><c>[1, msgid, error, result]</c>.</summary>
    Response = 1,
    /// <summary><c>[2, method, params]</c>.</summary>
    Notification = 2,
}
