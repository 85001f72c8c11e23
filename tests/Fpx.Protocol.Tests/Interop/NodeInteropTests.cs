using System.Buffers;
using Fpx.Protocol.Rpc;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests.Interop;

/// <summary>Both directions against @msgpack/msgpack for Node, an independent JavaScript implementation.</summary>
public sealed class NodeInteropTests
{
    private const string Script = "tests/interop/node/peer.mjs";

    private static List<MsgValue> Values => InteropCorpus.Values.Where(InteropCorpus.JavaScriptCanExpress).ToList();

    [Fact]
    public void Node_decodes_what_Fpx_writes_and_its_re_encoding_reads_back_as_the_same_values()
    {
        string node = Peers.RequireNode();
        using var dir = new TempDirectory();
        List<MsgValue> values = Values;
        Assert.True(values.Count > 100, $"only {values.Count} values JavaScript can express");
        File.WriteAllBytes(dir.File("fpx.msgpack"), MsgCodec.EncodeAll(values));
        InteropSpec.Write(dir.File("spec.json"), values);

        // The peer checks every decoded value (float widths, int64 as bigint, ns timestamps) itself.
        Peers.RunPeer(node, Script, "decode", dir.File("spec.json"), dir.File("fpx.msgpack"), dir.File("node.msgpack"));

        List<MsgValue> back = MsgCodec.DecodeAll(File.ReadAllBytes(dir.File("node.msgpack")));
        Assert.Equal(values.Select(InteropCorpus.JavaScriptView), back.Select(InteropCorpus.JavaScriptView));
    }

    [Fact]
    public void Fpx_reads_what_Node_writes()
    {
        string node = Peers.RequireNode();
        using var dir = new TempDirectory();
        List<MsgValue> values = Values;
        InteropSpec.Write(dir.File("spec.json"), values);

        Peers.RunPeer(node, Script, "encode", dir.File("spec.json"), dir.File("node.msgpack"));

        byte[] bytes = File.ReadAllBytes(dir.File("node.msgpack"));
        List<MsgValue> decoded = MsgCodec.DecodeAll(bytes);
        Assert.Equal(values.Select(InteropCorpus.JavaScriptView), decoded.Select(InteropCorpus.JavaScriptView));

        var buffer = new ReadOnlySequence<byte>(bytes);
        foreach (RpcMessageType type in new[] { RpcMessageType.Request, RpcMessageType.Response, RpcMessageType.Notification })
        {
            FrameScanResult scan = MessagePackFrameScanner.TryScanValue(buffer);
            Assert.True(RpcMessage.TryParse(buffer.Slice(0, scan.Length), null, out RpcMessage message, out RpcFrameError error), error.ToString());
            Assert.Equal(type, message.Type);
            buffer = buffer.Slice(scan.Length);
        }
    }
}
