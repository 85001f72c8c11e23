using System.Buffers;
using Fpx.Protocol.Rpc;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests.Interop;

/// <summary>Both directions against Python's msgpack (python3-msgpack), an independent C implementation.</summary>
public sealed class PythonInteropTests
{
    private const string Script = "tests/interop/python/peer.py";

    [Fact]
    public void Python_decodes_what_Fpx_writes_and_re_encodes_it_to_the_same_bytes()
    {
        string python = Peers.RequirePython();
        using var dir = new TempDirectory();
        List<MsgValue> values = InteropCorpus.Values.Where(InteropCorpus.PythonCanExpress).ToList();
        File.WriteAllBytes(dir.File("fpx.msgpack"), MsgCodec.EncodeAll(values));
        InteropSpec.Write(dir.File("spec.json"), values);

        // The peer checks every decoded value against the description itself.
        Peers.RunPeer(python, Script, "decode", dir.File("spec.json"), dir.File("fpx.msgpack"), dir.File("python.msgpack"));

        byte[] reEncoded = File.ReadAllBytes(dir.File("python.msgpack"));
        List<MsgValue> expected = values.Select(InteropCorpus.PythonView).ToList();
        InteropCorpus.AssertSameBytes(expected, MsgCodec.EncodeAll(expected), reEncoded, "python re-encoding");
        Assert.Equal(expected, MsgCodec.DecodeAll(reEncoded));
    }

    [Fact]
    public void Fpx_reads_what_Python_writes_and_Python_writes_the_smallest_encodings_too()
    {
        string python = Peers.RequirePython();
        using var dir = new TempDirectory();
        List<MsgValue> values = InteropCorpus.Values.Where(InteropCorpus.PythonCanExpress).ToList();
        InteropSpec.Write(dir.File("spec.json"), values);

        Peers.RunPeer(python, Script, "encode", dir.File("spec.json"), dir.File("python.msgpack"));

        byte[] bytes = File.ReadAllBytes(dir.File("python.msgpack"));
        Assert.Equal(values, MsgCodec.DecodeAll(bytes));
        InteropCorpus.AssertSameBytes(values, MsgCodec.EncodeAll(values), bytes, "python encoding");

        // The first three values are RPC frames; cut them as a connection would and parse them.
        var buffer = new ReadOnlySequence<byte>(bytes);
        foreach (RpcMessageType type in new[] { RpcMessageType.Request, RpcMessageType.Response, RpcMessageType.Notification })
        {
            FrameScanResult scan = MessagePackFrameScanner.TryScanValue(buffer);
            Assert.Equal(DecodeStatus.Success, scan.Status);
            Assert.True(RpcMessage.TryParse(buffer.Slice(0, scan.Length), null, out RpcMessage message, out RpcFrameError error), error.ToString());
            Assert.Equal(type, message.Type);
            buffer = buffer.Slice(scan.Length);
        }
    }
}
