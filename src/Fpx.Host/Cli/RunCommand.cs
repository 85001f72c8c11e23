using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using System.Numerics.Tensors;
using Fpx.Engine.Runtime;

namespace Fpx.Host.Cli;

/// <summary>
/// <c>fpx run</c>: runs tokens through one variant and prints the most likely next tokens and the
/// time per token. Output lines (a contract): <c>variant=V tokens=N prefill_us_per_token=X
/// decode_us_per_token=Y</c>, then one <c>rank=R token=T logit=L p=P</c> line per top token.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var variant = new Option<string>("--variant") { Description = "Variant: f32, fp16, fp8, fp4 or fpx-gG (G in 0..1).", Required = true };
        var tokens = new Option<string>("--tokens") { Description = "Input token ids, e.g. 1,2,3.", Required = true };
        var logitsOut = new Option<string?>("--logits-out") { Description = "Write the last position's logits here as little-endian float32." };
        var top = new Option<int>("--top")
        {
            Description = "How many top tokens to print.",
            DefaultValueFactory = _ => 5,
            Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--top must be positive"); } },
        };
        var command = new Command("run", "Run tokens through one variant; print the top next tokens and the time per token.") { variant, tokens, logitsOut, top };
        model.AddTo(command);
        command.SetAction(result => CliExit.Guard(() =>
        {
            string name = ModelOptions.CheckVariant(result.GetValue(variant)!);
            int[] ids = ModelOptions.ParseTokens(result.GetValue(tokens)!);
            using var pool = model.CreatePool(result);
            using var m = TransformerModel.Load(result.GetValue(model.Model)!, model.LoadOptions(result, [name], pool));
            foreach (int id in ids)
            {
                if ((uint)id >= (uint)m.Config.VocabSize)
                {
                    throw new UsageException($"--tokens: token id {id} is outside the vocabulary [0, {m.Config.VocabSize})");
                }
            }
            if (ids.Length > m.Config.MaxPositions)
            {
                throw new UsageException($"--tokens: {ids.Length} tokens exceed max_position_embeddings ({m.Config.MaxPositions})");
            }
            var v = m.GetVariant(name);

            // Warm up (JIT, buffers) on a few tokens; then time a one-shot prefill, and the same
            // tokens one decode step at a time (the KV-cache path).
            m.CreateSession(v, ids.Length).Append(ids.AsSpan(0, Math.Min(ids.Length, 4)));
            var session = m.CreateSession(v, ids.Length);
            long t0 = Stopwatch.GetTimestamp();
            session.Append(ids);
            float[] logits = session.Logits().ToArray();
            double prefillUs = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            var stepwise = m.CreateSession(v, ids.Length);
            t0 = Stopwatch.GetTimestamp();
            foreach (int id in ids)
            {
                stepwise.Append(id);
                stepwise.Logits();
            }
            double decodeUs = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;

            Console.WriteLine($"variant={v.Name} tokens={ids.Length} prefill_us_per_token={CliText.Fixed(prefillUs / ids.Length, 1)} decode_us_per_token={CliText.Fixed(decodeUs / ids.Length, 1)}");
            PrintTop(logits, result.GetValue(top));
            if (result.GetValue(logitsOut) is { } path)
            {
                WriteFloats(path, logits);
                Console.Error.WriteLine($"# wrote {logits.Length} float32 logits to {path}");
            }
            return CliExit.Ok;
        }));
        return command;
    }

    private static void PrintTop(float[] logits, int count)
    {
        var probabilities = new float[logits.Length];
        TensorPrimitives.SoftMax(logits, probabilities);
        var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).Take(count).ToArray();
        for (int rank = 0; rank < order.Length; rank++)
        {
            int t = order[rank];
            Console.WriteLine($"rank={rank + 1} token={t} logit={CliText.Number(logits[t])} p={CliText.Fixed(probabilities[t], 6)}");
        }
    }

    private static void WriteFloats(string path, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }
        File.WriteAllBytes(path, bytes);
    }
}
