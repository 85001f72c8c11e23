using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Fpx.Protocol.Json;
using Fpx.Protocol.Tests.Support;
using static Fpx.Protocol.Tests.Support.MsgValue;

namespace Fpx.Protocol.Tests.Json;

public sealed class MessagePackJsonTests
{
    internal static (int Exit, string Output, string Error) ToJson(byte[] input)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = MessagePackJson.ToJson(new MemoryStream(input), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    internal static (int Exit, byte[] Output, string Error) FromJson(string input)
    {
        var output = new MemoryStream();
        var error = new StringWriter();
        int exit = MessagePackJson.FromJson(new StringReader(input), output, error);
        return (exit, output.ToArray(), error.ToString());
    }

    public static TheoryData<string, string> Mapping => new()
    {
        { "c0", "null" },
        { "c3", "true" },
        { "c2", "false" },
        { "00", "0" },
        { "ff", "-1" },
        { "cfffffffffffffffff", "18446744073709551615" },
        { "d38000000000000000", "-9223372036854775808" },
        { "cb3ff0000000000000", "1.0" },
        { "cb3fb999999999999a", "0.1" },
        { "cb8000000000000000", "-0.0" },
        { "cb7e37e43c8800759c", "1E+300" },
        { "cb0000000000000001", "5E-324" },
        { "cb7ff8000000000000", "{\"float64\":\"NaN\"}" },
        { "cb7ff0000000000000", "{\"float64\":\"Infinity\"}" },
        { "cbfff0000000000000", "{\"float64\":\"-Infinity\"}" },
        { "ca3dcccccd", "{\"float32\":0.1}" },
        { "ca4b800000", "{\"float32\":16777216.0}" },
        { "ca7fc00000", "{\"float32\":\"NaN\"}" },
        { "ca7f800000", "{\"float32\":\"Infinity\"}" },
        { "a6" + "68c3a96c6c6f", "\"héllo\"" },
        { "a4" + "22 5c 0a 01", "\"\\\"\\\\\\n\\u0001\"" },
        { "c403010203", "{\"bin\":\"AQID\"}" },
        { "c400", "{\"bin\":\"\"}" },
        { "d405aa", "{\"ext\":5,\"data\":\"qg==\"}" },
        { "c700f6", "{\"ext\":-10,\"data\":\"\"}" },
        { "d7ff000007d000000001", "{\"timestamp\":[1,500]}" },
        { "c70cff" + "00000000ffffffffffffffff", "{\"timestamp\":[-1,0]}" },
        { "9201a161", "[1,\"a\"]" },
        { "81a16101", "{\"a\":1}" },
        { "80", "{}" },
        { "90", "[]" },
        { "8101a161", "{\"map\":[[1,\"a\"]]}" },
        { "81a362696e01", "{\"map\":[[\"bin\",1]]}" },
        { "81a36d617001", "{\"map\":[[\"map\",1]]}" },
        { "81a974696d657374616d7001", "{\"map\":[[\"timestamp\",1]]}" },
        { "81a7666c6f6174333201", "{\"map\":[[\"float32\",1]]}" },
        { "82a36578740 1a46461746102".Replace(" ", string.Empty), "{\"map\":[[\"ext\",1],[\"data\",2]]}" },
        { "81a365787401", "{\"ext\":1}" },
        { "82a36578740 1a3626 96e02".Replace(" ", string.Empty), "{\"ext\":1,\"bin\":2}" },
        { "82a16101a16102", "{\"map\":[[\"a\",1],[\"a\",2]]}" },
        { "81 91 01 81 c0 c2", "{\"map\":[[[1],{\"map\":[[null,false]]}]]}" },
    };

    [Theory]
    [MemberData(nameof(Mapping))]
    public void Maps_each_type_as_documented_and_reads_back_to_the_same_bytes(string hex, string json)
    {
        byte[] bytes = Hex.Bytes(hex);
        (int exit, string output, string error) = ToJson(bytes);
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Equal(json + "\n", output);

        (exit, byte[] back, error) = FromJson(json);
        Assert.True(exit == 0, error);
        Assert.Equal(Hex.Of(bytes), Hex.Of(back));
    }

    [Theory]
    [InlineData("1e2", "cb4059000000000000")] // exponent: float64
    [InlineData("100", "64")] // integer: smallest int
    [InlineData("-0", "00")]
    [InlineData("-33", "d0df")]
    [InlineData("4294967296", "cf0000000100000000")]
    [InlineData("18446744073709551615", "cfffffffffffffffff")]
    [InlineData("{\"float32\": 1}", "ca3f800000")]
    [InlineData("{\"float64\": 2}", "cb4000000000000000")]
    [InlineData("{\"float64\": \"NaN\"}", "cb7ff8000000000000")]
    [InlineData("{ \"data\" : \"qg==\", \"ext\" : 5 }", "d405aa")]
    [InlineData("{\"timestamp\": [4294967296, 0]}", "d7ff0000000100000000")]
    [InlineData("\"\\u00e9\\ud83d\\ude00\"", "a6c3a9f09f9880")]
    [InlineData("{\"a\\u0062\": 1}", "81a2616201")]
    [InlineData("{\"map\": []}", "80")]
    public void From_json_details(string json, string hex)
    {
        (int exit, byte[] output, string error) = FromJson(json);
        Assert.True(exit == 0, error);
        Assert.Equal(hex, Hex.Of(output));
    }

    [Fact]
    public void Streams_of_values_become_lines_and_lines_become_streams()
    {
        byte[] stream = Hex.Bytes("01 a161 c0 90");
        (int exit, string output, _) = ToJson(stream);
        Assert.Equal(0, exit);
        Assert.Equal("1\n\"a\"\nnull\n[]\n", output);
        (exit, byte[] back, _) = FromJson("1\n\n  \"a\"\r\nnull\n[]");
        Assert.Equal(0, exit);
        Assert.Equal(Hex.Of(stream), Hex.Of(back));

        Assert.Equal((0, string.Empty, string.Empty), ToJson([]));
        Assert.Equal(0, FromJson(string.Empty).Exit);
    }

    [Fact]
    public void Large_values_across_read_buffer_boundaries()
    {
        byte[] stream = MsgCodec.EncodeAll([Str(new string('x', 200_000)), Bin(Corpus.Pattern(100_000)), Int(5)]);
        (int exit, string output, string error) = ToJson(stream);
        Assert.True(exit == 0, error);
        (exit, byte[] back, error) = FromJson(output);
        Assert.True(exit == 0, error);
        Assert.Equal(Hex.Of(stream), Hex.Of(back));
    }

    public static TheoryData<string, string> BadMessagePack => new()
    {
        { "01 92 01", "error: malformed MessagePack at byte offset 3: The input ends inside the value that starts at byte offset 1 [Truncated]" },
        { "01 a2c328", "error: malformed MessagePack at byte offset 2: The str holds bytes that are not well-formed UTF-8 [InvalidUtf8]" },
        { "92 01 c1", "error: malformed MessagePack at byte offset 2: Format byte 0xc1 is reserved by the MessagePack spec and never used [ReservedCode]" },
        { "c0 d7ff ffffffff fffffffc", "error: malformed MessagePack at byte offset 1: The timestamp's nanoseconds are 1e9 or more [InvalidTimestamp]" },
        { "ddffffffff", "error: malformed MessagePack at byte offset 0: The collection length 4294967295 exceeds the limit of 1048576 [CollectionTooLong]" },
    };

    [Theory]
    [MemberData(nameof(BadMessagePack))]
    public void Malformed_MessagePack_says_where_and_why_and_exits_2(string hex, string message)
    {
        (int exit, string output, string error) = ToJson(Hex.Bytes(hex));
        Assert.Equal(2, exit);
        Assert.Equal(message + Environment.NewLine, error);
        if (hex.StartsWith("01", StringComparison.Ordinal))
        {
            Assert.Equal("1\n", output); // the values before the bad one are still converted
        }
    }

    public static TheoryData<string, string> BadJson => new()
    {
        { "1\n{\"a\": }", "line 2, column 7: '}' is an invalid start of a value." },
        { "[\"é\", ]", "line 1, column 7: The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options." },
        { "1 2", "line 1, column 3: '2' is invalid after a single JSON value. Expected end of data." },
        { "18446744073709551616", "line 1, column 1: The integer is outside the MessagePack int range [-(2^63), 2^64-1]; write it with a fraction or exponent to get a float64" },
        { "-9223372036854775809", "line 1, column 1: The integer is outside the MessagePack int range [-(2^63), 2^64-1]; write it with a fraction or exponent to get a float64" },
        { "1e400", "line 1, column 1: The number is outside the float64 range" },
        { "[{\"bin\": \"!!\"}]", "line 1, column 10: \"bin\" takes a base64 string" },
        { "{\"timestamp\": [1, 1000000000]}", "line 1, column 19: \"timestamp\" takes [seconds, nanoseconds]: an int64 and an integer in [0, 999999999]" },
        { "{\"timestamp\": 5}", "line 1, column 15: \"timestamp\" takes [seconds, nanoseconds]: an int64 and an integer in [0, 999999999]" },
        { "{\"ext\": -1, \"data\": \"\"}", "line 1, column 9: ext type -1 is the timestamp: write {\"timestamp\": [seconds, nanoseconds]}" },
        { "{\"ext\": 128, \"data\": \"\"}", "line 1, column 9: \"ext\" takes an integer type in [-128, 127]" },
        { "{\"float32\": 1e39}", "line 1, column 13: \"float32\" takes a number in the float32 range, \"NaN\", \"Infinity\" or \"-Infinity\"" },
        { "{\"float64\": \"nan\"}", "line 1, column 13: \"float64\" takes a number, \"NaN\", \"Infinity\" or \"-Infinity\"" },
        { "{\"map\": [[1]]}", "line 1, column 10: \"map\" takes an array of [key, value] pairs" },
        { "{\"map\": {}}", "line 1, column 9: \"map\" takes an array of [key, value] pairs" },
        { "\"\\ud800\"", "line 1, column 1: The string holds an unpaired UTF-16 surrogate escape, which is not valid UTF-8" },
        { "NaN", "line 1, column 1: 'N' is an invalid start of a value." },
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public void Malformed_JSON_says_line_column_and_why_and_exits_2(string json, string message)
    {
        (int exit, byte[] output, string error) = FromJson(json);
        Assert.Equal(2, exit);
        Assert.Equal("error: malformed JSON at " + message + Environment.NewLine, error);
        if (json.StartsWith("1\n", StringComparison.Ordinal))
        {
            Assert.Equal("01", Hex.Of(output));
        }
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected()
    {
        string ok = new string('[', 64) + new string(']', 64);
        Assert.Equal(0, FromJson(ok).Exit);
        string deep = new string('[', 65) + new string(']', 65);
        (int exit, _, string error) = FromJson(deep);
        Assert.Equal(2, exit);
        Assert.Contains("column 65: Nesting is deeper than the limit of 64", error, StringComparison.Ordinal);
    }

    /// <summary>to-json | from-json gives back the same bytes for any value written in smallest encodings.</summary>
    [Fact]
    public void Json_round_trip_is_byte_exact()
    {
        Check.One(Generators.Config(300), Prop.ForAll(Generators.Tree(3).Select(CanonicalNaN).ToArbitrary(), (MsgValue value) =>
        {
            byte[] bytes = MsgCodec.Encode(value);
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = MessagePackJson.ToJson(new MemoryStream(bytes), output, error, Generators.Roomy);
            Assert.True(exit == 0, error.ToString());
            var back = new MemoryStream();
            exit = MessagePackJson.FromJson(new StringReader(output.ToString()), back, error);
            Assert.True(exit == 0, error.ToString() + " in " + output);
            Assert.Equal(Hex.Of(bytes), Hex.Of(back.ToArray()));
        }));
    }

    /// <summary>JSON has one NaN; from-json writes the quiet NaN with no sign or payload.</summary>
    private static MsgValue CanonicalNaN(MsgValue value) => value switch
    {
        MsgF32 f when float.IsNaN(f.Value) => new MsgF32(0x7fc00000),
        MsgF64 d when double.IsNaN(d.Value) => new MsgF64(0x7ff8000000000000),
        MsgArray a => new MsgArray(a.Items.Select(CanonicalNaN).ToArray()),
        MsgMap m => new MsgMap(m.Pairs.Select(p => (CanonicalNaN(p.Key), CanonicalNaN(p.Value))).ToArray()),
        _ => value,
    };

    [Fact]
    public void Output_is_UTF8_text_with_non_ASCII_kept()
    {
        (_, string output, _) = ToJson(MsgCodec.Encode(Map((Str("ключ"), Str("値 <&>")))));
        Assert.Equal("{\"ключ\":\"値 <&>\"}\n", output);
        Assert.Equal(output, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(output)));
    }
}
