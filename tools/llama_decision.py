"""A small Llama-architecture decision model in plain torch, and its Hugging Face file layout.

The math is Hugging Face's LlamaForCausalLM (transformers/models/llama/modeling_llama.py): token
embedding, pre-norm decoder layers (RMSNorm, rotary embeddings in the rotate-half convention,
grouped-query attention with a causal mask, SwiGLU MLP), a final RMSNorm and a linear head, tied to
the embedding or not. Parameter names are HF's, so state_dict() is a checkpoint transformers and
Fpx.Engine load as is. Only torch, numpy and the standard library: transformers and safetensors are
not installed here, so the safetensors writer/reader below are written out (the format: u64
little-endian header length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}},
then the tensors' little-endian bytes).
"""
import json
import math
import os
import struct

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": (torch.float32, "<f4"), "F16": (torch.float16, "<f2")}
CONFIG_DTYPE = {"F32": "float32", "F16": "float16"}


class Linear(nn.Linear):
    """nn.Linear (same parameter, same math) computed as a 1x1 convolution. Debian's torch build
    multiplies matrices with the reference netlib BLAS at about 2 GFLOPS on this machine, while
    convolutions go to oneDNN at about 35: this makes training here 10-20x faster."""

    def forward(self, x):
        if x.dim() == 2:
            return nn.functional.conv1d(x.unsqueeze(-1), self.weight.unsqueeze(-1)).squeeze(-1)
        # [batch, tokens, in] -> conv1d over [batch, in, tokens] (oneDNN's fast layout) -> back.
        return nn.functional.conv1d(x.transpose(1, 2), self.weight.unsqueeze(-1)).transpose(1, 2)


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        # HF computes the norm in float32 and casts back.
        variance = x.float().pow(2).mean(-1, keepdim=True)
        return self.weight * (x.float() * torch.rsqrt(variance + self.eps)).to(x.dtype)


def rotary(x, theta):
    """x: [batch, heads, tokens, head_dim]; rotate-half rotary embedding at positions 0..tokens-1."""
    t, d = x.shape[-2], x.shape[-1]
    inv_freq = 1.0 / theta ** (torch.arange(0, d, 2, dtype=torch.float32) / d)
    angles = torch.arange(t, dtype=torch.float32)[:, None] * inv_freq[None, :]
    cos = torch.cat([angles.cos(), angles.cos()], dim=-1).to(x.dtype)
    sin = torch.cat([angles.sin(), angles.sin()], dim=-1).to(x.dtype)
    rotated = torch.cat([-x[..., d // 2:], x[..., : d // 2]], dim=-1)
    return x * cos + rotated * sin


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.kv_heads = c["num_attention_heads"], c["num_key_value_heads"]
        self.head_dim = c["hidden_size"] // self.heads
        self.theta = c["rope_theta"]
        h = c["hidden_size"]
        self.q_proj = Linear(h, self.heads * self.head_dim, bias=False)
        self.k_proj = Linear(h, self.kv_heads * self.head_dim, bias=False)
        self.v_proj = Linear(h, self.kv_heads * self.head_dim, bias=False)
        self.o_proj = Linear(self.heads * self.head_dim, h, bias=False)

    def forward(self, x):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = rotary(q, self.theta), rotary(k, self.theta)
        group = self.heads // self.kv_heads  # query head j reads key/value head j // group (HF repeat_kv)
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        # Broadcast-and-sum instead of q @ k^T: batched matmul goes to the reference BLAS here (see
        # Linear), elementwise ops are vectorized, and with ~12 tokens the [.., t, t, d] product is small.
        scores = (q.unsqueeze(3) * k.unsqueeze(2)).sum(-1) / math.sqrt(self.head_dim)
        mask = torch.full((t, t), float("-inf")).triu(1)
        weights = torch.softmax(scores + mask, dim=-1)
        attn = (weights.unsqueeze(-1) * v.unsqueeze(2)).sum(3)
        return self.o_proj(attn.transpose(1, 2).reshape(b, t, -1))


class Mlp(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, i = c["hidden_size"], c["intermediate_size"]
        self.gate_proj = Linear(h, i, bias=False)
        self.up_proj = Linear(h, i, bias=False)
        self.down_proj = Linear(i, h, bias=False)

    def forward(self, x):
        return self.down_proj(nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.mlp = Mlp(c)

    def forward(self, x):
        x = x + self.self_attn(self.input_layernorm(x))
        return x + self.mlp(self.post_attention_layernorm(x))


class Body(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])

    def forward(self, tokens):
        x = self.embed_tokens(tokens)
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)


class LlamaForCausalLM(nn.Module):
    """Parameter names match HF: model.embed_tokens.weight, model.layers.N...., model.norm.weight, lm_head.weight."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.model = Body(config)
        self.lm_head = Linear(config["hidden_size"], config["vocab_size"], bias=False)
        if config["tie_word_embeddings"]:
            self.lm_head.weight = self.model.embed_tokens.weight

    def forward(self, tokens):
        """Logits at every position: [batch, tokens, vocab]."""
        return self.lm_head(self.model(tokens))

    def init_weights(self, generator):
        """HF's LlamaPreTrainedModel._init_weights: normal(0, initializer_range), norms at 1."""
        std = self.config.get("initializer_range", 0.02)
        for name, p in self.named_parameters():
            if name.endswith("layernorm.weight") or name == "model.norm.weight":
                nn.init.ones_(p)
            else:
                with torch.no_grad():
                    p.copy_(torch.randn(p.shape, generator=generator) * std)


def llama_config(vocab_size, hidden, layers, heads, kv_heads, intermediate, max_positions, tied, dtype):
    return {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "hidden_size": hidden,
        "intermediate_size": intermediate,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "num_key_value_heads": kv_heads,
        "vocab_size": vocab_size,
        "max_position_embeddings": max_positions,
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "rope_scaling": None,
        "hidden_act": "silu",
        "attention_bias": False,
        "mlp_bias": False,
        "initializer_range": 0.02,
        "tie_word_embeddings": tied,
        "torch_dtype": CONFIG_DTYPE[dtype],
        "bos_token_id": 1,
        "eos_token_id": 2,
        "pad_token_id": 0,
    }


def checkpoint_tensors(model):
    """(name, tensor) in a stable order; a tied head is not saved (transformers re-ties it on load)."""
    tensors = []
    for name, t in model.state_dict().items():
        if name == "lm_head.weight" and model.config["tie_word_embeddings"]:
            continue
        tensors.append((name, t))
    return tensors


def write_safetensors(path, tensors, dtype, metadata=None):
    torch_dtype, np_dtype = DTYPES[dtype]
    header = {"__metadata__": dict(metadata or {}, format="pt")}
    blobs, offset = [], 0
    for name, t in tensors:
        data = t.detach().to(torch_dtype).contiguous().numpy().astype(np_dtype).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # the spec allows trailing spaces; 8-byte alignment of the data
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        np_dtype = {"F32": "<f4", "F16": "<f2", "BF16": None}[entry["dtype"]]
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=np_dtype).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.astype(np.float32))
    return tensors


def save_model(model, directory, dtype, metadata=None):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(model.config, f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(directory, "model.safetensors"), checkpoint_tensors(model), dtype, metadata)


def load_model(directory):
    """Loads a model directory written by save_model (or any HF Llama checkpoint of this layout), in float32."""
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    model = LlamaForCausalLM(config)
    tensors = read_safetensors(os.path.join(directory, "model.safetensors"))
    if config["tie_word_embeddings"]:
        tensors["lm_head.weight"] = tensors["model.embed_tokens.weight"]
    missing = set(model.state_dict()) - set(tensors)
    unexpected = set(tensors) - set(model.state_dict())
    if missing or unexpected:
        raise ValueError(f"{directory}: missing {sorted(missing)}, unexpected {sorted(unexpected)}")
    model.load_state_dict(tensors)
    model.eval()
    return model
