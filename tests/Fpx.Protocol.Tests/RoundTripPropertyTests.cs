using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Fpx.Protocol.Tests.Support;

namespace Fpx.Protocol.Tests;

/// <summary>Property tests over generated values of every type, nested up to four levels.</summary>
public sealed class RoundTripPropertyTests
{
    [Fact]
    public void Decode_of_encode_is_identity_and_re_encoding_is_stable()
    {
        Check.One(Generators.Config(400), Prop.ForAll(Generators.Values, (MsgValue value) =>
        {
            byte[] bytes = MsgCodec.Encode(value);
            MsgValue decoded = MsgCodec.Decode(bytes, Generators.Roomy);
            Assert.Equal(value, decoded);
            Assert.Equal(Hex.Of(bytes), Hex.Of(MsgCodec.Encode(decoded)));
            Assert.Equal(bytes.Length, MessagePackFrameScanner.TryScanValue(new ReadOnlySequence<byte>(bytes), Generators.Roomy).Length);
        }));
    }

    [Fact]
    public void Decoding_is_independent_of_segmentation()
    {
        Arbitrary<(MsgValue, int[])> arb = Generators.Values.Generator
            .SelectMany(v => Gen.ArrayOf(Gen.Choose(0, 1000), 3).Select(cuts => (v, cuts)))
            .ToArbitrary();
        Check.One(Generators.Config(300), Prop.ForAll(arb, ((MsgValue Value, int[] Cuts) input) =>
        {
            byte[] bytes = MsgCodec.Encode(input.Value);
            int[] cuts = input.Cuts.Select(c => c % (bytes.Length + 1)).ToArray();
            ReadOnlySequence<byte> split = Segments.Split(bytes, cuts);
            Assert.Equal(input.Value, MsgCodec.Decode(split, Generators.Roomy));
            Assert.Equal(bytes.Length, MessagePackFrameScanner.TryScanValue(split, Generators.Roomy).Length);
        }));
    }

    [Fact]
    public void Every_strict_prefix_needs_more_data()
    {
        Arbitrary<(MsgValue, int)> arb = Generators.Values.Generator
            .SelectMany(v => Gen.Choose(0, int.MaxValue).Select(p => (v, p)))
            .ToArbitrary();
        Check.One(Generators.Config(300), Prop.ForAll(arb, ((MsgValue Value, int Pick) input) =>
        {
            byte[] bytes = MsgCodec.Encode(input.Value);
            int length = input.Pick % bytes.Length;
            var prefix = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.Equal(DecodeStatus.NeedMoreData, MessagePackFrameScanner.TryScanValue(prefix, Generators.Roomy).Status);
            Assert.Equal(MessagePackErrorKind.Truncated, Assert.Throws<MessagePackException>(() => MsgCodec.Decode(prefix, Generators.Roomy)).Kind);
        }));
    }

    /// <summary>
    /// Fuzz: random and mutated bytes never make the scanner or reader fail with anything but a
    /// MessagePackException, and the two agree on where a value ends.
    /// </summary>
    [Fact]
    public void Arbitrary_bytes_only_ever_produce_MessagePackException()
    {
        Gen<byte[]> random = Gen.Choose(0, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));
        Gen<byte[]> mutated = Generators.Tree(2).SelectMany(v =>
        {
            byte[] bytes = MsgCodec.Encode(v);
            return Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Two(), 3).Select(flips =>
            {
                byte[] copy = (byte[])bytes.Clone();
                foreach ((int at, int value) in flips)
                {
                    copy[at % copy.Length] = (byte)value;
                }

                return copy;
            });
        });
        Check.One(Generators.Config(2000), Prop.ForAll(Gen.OneOf(random, mutated).ToArbitrary(), (byte[] bytes) =>
        {
            var sequence = new ReadOnlySequence<byte>(bytes);
            FrameScanResult scan = MessagePackFrameScanner.TryScanValue(sequence);
            try
            {
                var reader = new MessagePackReader(sequence);
                MsgCodec.Read(ref reader);
                Assert.NotEqual(DecodeStatus.NeedMoreData, scan.Status);
                if (scan.Status == DecodeStatus.Success)
                {
                    Assert.Equal(scan.Length, reader.Consumed);
                }
            }
            catch (MessagePackException e)
            {
                if (scan.Status == DecodeStatus.Success)
                {
                    // The scanner cuts frames; it leaves UTF-8 and timestamp checks to the reader.
                    Assert.Contains(e.Kind, new[] { MessagePackErrorKind.InvalidUtf8, MessagePackErrorKind.InvalidTimestamp });
                }
                else if (scan.Status == DecodeStatus.NeedMoreData)
                {
                    Assert.True(e.Kind is MessagePackErrorKind.Truncated or MessagePackErrorKind.InvalidUtf8 or MessagePackErrorKind.InvalidTimestamp, e.Message);
                }
            }
        }));
    }
}
