#!/usr/bin/python3
"""Writes the small reference models the engine tests load, and their reference logits.

An independent implementation of the Llama-family decoder (Llama, Qwen2, SmolLM checkpoints) in
plain torch ops: it does not import transformers (not installed here) nor share code with Fpx. It
follows the Hugging Face modeling code's math: RMSNorm, rotate-half rotary embedding, grouped-query
attention with causal mask, SwiGLU MLP, optional q/k/v(/o) biases, tied or untied output head.

Each model directory holds what a Hugging Face checkpoint holds (config.json plus model.safetensors,
or shards with model.safetensors.index.json), written by the minimal safetensors writer below
(the `safetensors` package is not installed), and:
  reference.json   the token sequence and where its logits are
  logits.f32       logits at every position, [tokens, vocab] little-endian float32, computed in
                   float64 from the weights exactly as stored (then rounded to float32)

Run: /usr/bin/python3 tools/make_reference_models.py [output-dir]
(default tests/Fpx.Engine.Tests/TestData/Models). Seeded: the output is the same byte for byte
on every run (torch's CPU normal generator and the writers below are deterministic).
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch

# name, model_type, dtype, sizes, options. Weights: linear ~ N(0, 1/in), embeddings ~ N(0, s_e),
# norms 1 + N(0, 0.1^2), biases N(0, 0.3^2); chosen so logits spread over several units and the
# next-token distribution is far from uniform (so KL divergences of quantized variants mean something).
FIXTURES = [
    dict(name="llama-gqa-f32", model_type="llama", dtype="F32", hidden=32, heads=4, kv_heads=2,
         intermediate=64, layers=2, vocab=64, tied=False, theta=10000.0, eps=1e-6, bias=None, seed=11,
         head_dim=None, shards=1),
    dict(name="qwen2-bias-tied-bf16", model_type="qwen2", dtype="BF16", hidden=48, heads=6, kv_heads=2,
         intermediate=96, layers=2, vocab=80, tied=True, theta=1000000.0, eps=1e-6, bias="qkv", seed=12,
         head_dim=None, shards=1),
    dict(name="llama-odd-bias-f16", model_type="llama", dtype="F16", hidden=72, heads=6, kv_heads=2,
         intermediate=120, layers=1, vocab=50, tied=False, theta=500000.0, eps=1e-5, bias="qkvo", seed=13,
         head_dim=None, shards=1),
    dict(name="llama-mqa-sharded-bf16", model_type="llama", dtype="BF16", hidden=32, heads=4, kv_heads=1,
         intermediate=96, layers=3, vocab=64, tied=True, theta=10000.0, eps=1e-5, bias=None, seed=14,
         head_dim=12, shards=2),
]

TOKENS = 12  # length of the reference token sequence

TORCH_DTYPE = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
CONFIG_DTYPE = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}


# ----------------------------------------------------------------------------- safetensors writer

def tensor_bytes(t):
    """Little-endian bytes of a tensor in its own dtype (numpy has no bfloat16: go through int16)."""
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    if t.dtype == torch.float16:
        return t.numpy().astype("<f2").tobytes()
    return t.numpy().astype("<f4").tobytes()


def write_safetensors(path, tensors):
    """The safetensors layout: u64 LE header length, JSON header (padded with spaces to 8 bytes),
    then the tensors' bytes back to back in header order."""
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name, t in tensors:
        data = tensor_bytes(t)
        dtype = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}[t.dtype]
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)
    return offset


# ----------------------------------------------------------------------------- weights

def make_weights(spec):
    g = torch.Generator().manual_seed(spec["seed"])
    h, inter, vocab = spec["hidden"], spec["intermediate"], spec["vocab"]
    hd = spec["head_dim"] or h // spec["heads"]
    q_out, kv_out = spec["heads"] * hd, spec["kv_heads"] * hd
    dt = TORCH_DTYPE[spec["dtype"]]

    def normal(shape, std):
        return (torch.randn(shape, generator=g, dtype=torch.float32) * std).to(dt)

    def linear(out_f, in_f):
        return normal((out_f, in_f), 1.0 / math.sqrt(in_f))

    def norm(n):
        return (1.0 + torch.randn((n,), generator=g, dtype=torch.float32) * 0.1).to(dt)

    w = [("model.embed_tokens.weight", normal((vocab, h), 0.5 if spec["tied"] else 1.0))]
    bias = spec["bias"] or ""
    for i in range(spec["layers"]):
        p = f"model.layers.{i}."
        w.append((p + "input_layernorm.weight", norm(h)))
        for name, out_f, in_f in (("q", q_out, h), ("k", kv_out, h), ("v", kv_out, h), ("o", h, q_out)):
            w.append((p + f"self_attn.{name}_proj.weight", linear(out_f, in_f)))
            if name in bias:
                w.append((p + f"self_attn.{name}_proj.bias", normal((out_f,), 0.3)))
        w.append((p + "post_attention_layernorm.weight", norm(h)))
        w.append((p + "mlp.gate_proj.weight", linear(inter, h)))
        w.append((p + "mlp.up_proj.weight", linear(inter, h)))
        w.append((p + "mlp.down_proj.weight", linear(h, inter)))
    w.append(("model.norm.weight", norm(h)))
    if not spec["tied"]:
        w.append(("lm_head.weight", normal((vocab, h), 3.0 / math.sqrt(h))))
    return w


def make_config(spec):
    c = {
        "architectures": ["Qwen2ForCausalLM" if spec["model_type"] == "qwen2" else "LlamaForCausalLM"],
        "model_type": spec["model_type"],
        "hidden_size": spec["hidden"],
        "intermediate_size": spec["intermediate"],
        "num_hidden_layers": spec["layers"],
        "num_attention_heads": spec["heads"],
        "num_key_value_heads": spec["kv_heads"],
        "vocab_size": spec["vocab"],
        "max_position_embeddings": 256,
        "rms_norm_eps": spec["eps"],
        "rope_theta": spec["theta"],
        "rope_scaling": None,
        "hidden_act": "silu",
        "tie_word_embeddings": spec["tied"],
        "torch_dtype": CONFIG_DTYPE[spec["dtype"]],
        "bos_token_id": 1,
        "eos_token_id": 2,
    }
    if spec["model_type"] == "llama":
        c["attention_bias"] = spec["bias"] == "qkvo"
        c["mlp_bias"] = False
    if spec["head_dim"]:
        c["head_dim"] = spec["head_dim"]
    return c


# ----------------------------------------------------------------------------- reference forward pass

def rms_norm(x, weight, eps):
    return x * torch.rsqrt((x * x).mean(dim=-1, keepdim=True) + eps) * weight


def rotate_half_rope(x, theta):
    """x: [tokens, heads, head_dim]; the Llama rotary embedding (rotate-half convention)."""
    t, _, d = x.shape
    inv_freq = 1.0 / theta ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.arange(t, dtype=torch.float64)[:, None] * inv_freq[None, :]
    cos = torch.cat([angles.cos(), angles.cos()], dim=-1)[:, None, :]
    sin = torch.cat([angles.sin(), angles.sin()], dim=-1)[:, None, :]
    rotated = torch.cat([-x[..., d // 2:], x[..., : d // 2]], dim=-1)
    return x * cos + rotated * sin


def forward(spec, weights, tokens):
    """Logits at every position, in float64."""
    w = {name: t.to(torch.float64) for name, t in weights}
    h, heads, kv_heads = spec["hidden"], spec["heads"], spec["kv_heads"]
    hd = spec["head_dim"] or h // heads
    eps = spec["eps"]
    t = len(tokens)
    x = w["model.embed_tokens.weight"][torch.tensor(tokens)]

    def lin(name, v):
        y = v @ w[name + ".weight"].T
        return y + w[name + ".bias"] if name + ".bias" in w else y

    mask = torch.full((t, t), float("-inf"), dtype=torch.float64).triu(1)
    for i in range(spec["layers"]):
        p = f"model.layers.{i}."
        a = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = lin(p + "self_attn.q_proj", a).view(t, heads, hd)
        k = lin(p + "self_attn.k_proj", a).view(t, kv_heads, hd)
        v = lin(p + "self_attn.v_proj", a).view(t, kv_heads, hd)
        q, k = rotate_half_rope(q, spec["theta"]), rotate_half_rope(k, spec["theta"])
        group = heads // kv_heads  # query head j reads key/value head j // group (HF's repeat_kv)
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        scores = torch.einsum("thd,shd->hts", q, k) / math.sqrt(hd) + mask
        attn = torch.einsum("hts,shd->thd", torch.softmax(scores, dim=-1), v).reshape(t, heads * hd)
        x = x + lin(p + "self_attn.o_proj", attn)
        m = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = lin(p + "mlp.gate_proj", m)
        x = x + lin(p + "mlp.down_proj", torch.nn.functional.silu(gate) * lin(p + "mlp.up_proj", m))
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if spec["tied"] else w["lm_head.weight"]
    return x @ head.T


# ----------------------------------------------------------------------------- output

def write_json(path, value):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(value, f, indent=2, sort_keys=False)
        f.write("\n")


def write_fixture(root, spec):
    out = os.path.join(root, spec["name"])
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        os.remove(os.path.join(out, old))
    weights = make_weights(spec)
    write_json(os.path.join(out, "config.json"), make_config(spec))
    if spec["shards"] == 1:
        write_safetensors(os.path.join(out, "model.safetensors"), weights)
    else:
        # Split in tensor order, as HF does: every tensor lives in exactly one shard.
        n = spec["shards"]
        per = math.ceil(len(weights) / n)
        weight_map, total = {}, 0
        for s in range(n):
            part = weights[s * per:(s + 1) * per]
            file = f"model-{s + 1:05d}-of-{n:05d}.safetensors"
            total += write_safetensors(os.path.join(out, file), part)
            for name, _ in part:
                weight_map[name] = file
        write_json(os.path.join(out, "model.safetensors.index.json"),
                   {"metadata": {"total_size": total}, "weight_map": weight_map})
    g = torch.Generator().manual_seed(1000 + spec["seed"])
    tokens = torch.randint(0, spec["vocab"], (TOKENS,), generator=g).tolist()
    logits = forward(spec, weights, tokens)
    logits.to(torch.float32).numpy().astype("<f4").tofile(os.path.join(out, "logits.f32"))
    write_json(os.path.join(out, "reference.json"), {
        "tokens": tokens,
        "logits_file": "logits.f32",
        "logits_shape": [TOKENS, spec["vocab"]],
        "computed_in": "float64 from the stored weights, rounded to float32",
        "generator": "tools/make_reference_models.py",
    })
    print(f"{spec['name']}: {sum(t.numel() for _, t in weights)} parameters, "
          f"top token after the last input {int(logits[-1].argmax())}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "tests", "Fpx.Engine.Tests", "TestData", "Models")
    torch.set_num_threads(1)
    for spec in FIXTURES:
        write_fixture(root, spec)


if __name__ == "__main__":
    main()
