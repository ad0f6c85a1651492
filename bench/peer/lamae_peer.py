#!/usr/bin/python3
"""The PyTorch peer of Lamae's tiny LAMAE: the same model, read independently, to prove equality and to time it.

This file is a second, plain-PyTorch reading of the C#/TorchSharp model in src/Lamae/Models/ (the definition):

    LamaeModel.cs          LamaeModel: forward_encoder, forward_decoder, forward, represent
    MaskedAutoencoder.cs   the masked decoder's shared parts: decoder_input, decoder_pred, the loss
    LeadEncoder.cs         LeadEncoder: patch + time + lead embedding, blocks over each visible lead
    LatentAttention.cs     LatentAttention and LatentRound: latents read all leads, think, leads read back
    TimeLocality.cs        anchors a_k, slopes m_h, ALiBi-style bias -m_h |t_q - t_k|
    Attention.cs           Attention and ScaledDotProduct (written out; masked keys get float.MinValue)
    CrossAttention.cs      CrossAttention
    Block.cs, CrossBlock.cs, DecoderBlock.cs, Mlp.cs (exact erf GELU), PatchEmbed.cs, LeadEmbedding.cs
    SinCosPositions.cs     fixed sin-cos tables (computed in double, stored as float32)
    Masking.cs             Sample, None, Unshuffle
    MaskedPatchLoss.cs     PatchErrors, Mean
    ../Training/ParameterGroups.cs, TrainingLoop.cs, GradientClipping.cs: AdamW groups, clipping, the step

Parameter and buffer names are Lamae's state_dict names, so Lamae's model.safetensors loads with
load_state_dict(strict=True). Written for Debian's python3-torch 1.13 (/usr/bin/python3); no packages beyond torch
and numpy (safetensors is read by hand).

Subcommands (see README.md):
    check FIXTURE       loss, pred, lead weights and gradient norm against Lamae's (exit 1 if |loss diff| > 1e-5)
    flops FIXTURE       profiler forward FLOPs per ECG (fixture mask, a training mask at --batch, represent)
    time                training step timing (forward, backward, clip_grad_norm_, AdamW), fp32 and/or bf16
    embed-time          represent() throughput at --batch and the latency of one ECG
    matmul              the matmul ceiling of this PyTorch at the model's own shapes
"""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import os
import re
import statistics
import struct
import sys
import time
from dataclasses import dataclass

# The OpenBLAS core type Debian's OpenBLAS 0.3.21 uses for the fp32 products (how it was chosen: README.md). It is
# read when libopenblas loads, so configure_environment sets it (from --coretype) before torch is imported.
DEFAULT_CORETYPE = "SkylakeX"


def configure_environment(argv):
    """Sets what OpenBLAS, OpenMP and glibc read when torch loads, from --threads, --coretype and --malloc (also read
    by main()); runs before `import torch`. torch, linked to Debian's OpenBLAS as generic BLAS, does not size OpenBLAS's
    own thread pool, so OPENBLAS_NUM_THREADS is set to the torch thread count."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--threads", type=int, default=1)
    pre.add_argument("--coretype", default=DEFAULT_CORETYPE)
    pre.add_argument("--malloc", default="tuned")
    pre.add_argument("--spin", default="short")
    known, _ = pre.parse_known_args(argv)
    if known.coretype == "auto":
        os.environ.pop("OPENBLAS_CORETYPE", None)
    else:
        os.environ["OPENBLAS_CORETYPE"] = known.coretype
    os.environ["OPENBLAS_NUM_THREADS"] = str(known.threads)
    os.environ["OMP_NUM_THREADS"] = str(known.threads)
    if known.spin == "short":
        # torch's OpenMP workers and OpenBLAS's own pthreads take turns on the same cores: each pool busy-waits after
        # its work (OpenBLAS for 2^28 cycles, libgomp for 300,000 spins), stealing the core the other needs. Short
        # waits made the 2-thread step 2.6x faster in fp32 and ~1.2x in bf16 here (README.md, "Threads").
        os.environ["OPENBLAS_THREAD_TIMEOUT"] = "4"  # 2^4 cycles, OpenBLAS's minimum
        os.environ["GOMP_SPINCOUNT"] = "10000"
    if known.malloc != "default":
        tune_malloc(no_mmap=known.malloc == "nommap")


def tune_malloc(no_mmap=False):
    """Lamae's TorchRuntime.TuneGlibcMalloc: mmap threshold 32 MiB (glibc's maximum), never trim, so large short-lived
    buffers stay in the heap. Tensors over 32 MiB are still mmap'd afresh, and on this VM every first touch of a page
    costs ~15 us; no_mmap (M_MMAP_MAX = 0) serves them from the heap too (README.md, "Allocator")."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 1024 * 1024)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 2**31 - 1)  # M_TRIM_THRESHOLD
        if no_mmap:
            libc.mallopt(-4, 0)  # M_MMAP_MAX
        return True
    except (OSError, AttributeError):
        return False


if __name__ == "__main__":
    configure_environment(sys.argv[1:])

import torch  # noqa: E402  (after the environment is set)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


# ---------------------------------------------------------------------------------------------------------------------
# safetensors, read by hand: u64 little-endian header length N, N bytes of JSON, then the raw little-endian data.
# ---------------------------------------------------------------------------------------------------------------------


class FixtureError(Exception):
    """A fixture that cannot be read: one line naming the file and the problem."""


def read_safetensors(path):
    """path -> {name: torch tensor} (F32, F64, I64, I32, BOOL, BF16)."""
    import numpy as np

    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise FixtureError(f"{path}: not a safetensors file ({len(blob)} bytes, no header length)")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise FixtureError(f"{path}: truncated: the header says {n} bytes, the file has {len(blob) - 8} after the length")
    try:
        header = json.loads(blob[8:8 + n])
    except ValueError as e:
        raise FixtureError(f"{path}: the header is not JSON ({e})") from None
    data = memoryview(blob)[8 + n:]
    last = max((info["data_offsets"][1] for name, info in header.items() if name != "__metadata__"), default=0)
    if last > len(data):
        raise FixtureError(f"{path}: truncated: the tensors need {last} bytes, the file has {len(data)}")
    kinds = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4", "BOOL": "?", "BF16": "<u2"}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        arr = np.frombuffer(data[begin:end], dtype=kinds[info["dtype"]]).reshape(info["shape"]).copy()
        if info["dtype"] == "BF16":  # bf16 = the upper 16 bits of a float32
            t = torch.from_numpy((arr.astype(np.uint32) << 16).view(np.float32)).to(torch.bfloat16)
        else:
            t = torch.from_numpy(arr)
        out[name] = t
    return out


# ---------------------------------------------------------------------------------------------------------------------
# ModelConfig.cs: read from the fixture's config.json (snake_case), never hard-coded.
# ---------------------------------------------------------------------------------------------------------------------


@dataclass
class ModelConfig:
    samples: int
    patch_size: int
    position_max_period: float
    dim: int
    heads: int
    lead_depth: int
    latent_rounds: int
    latents: int
    latent_time_anchors: bool
    latent_locality: float
    decoder_dim: int
    decoder_depth: int
    decoder_heads: int
    mlp_ratio: float
    mask_ratio: float
    shared_patch_mask: float
    lead_dropout_probability: float
    lead_dropout_max_fraction: float
    norm_pix_loss: bool
    lead_score_ratio: float
    norm_eps: float

    @property
    def num_patches(self):  # N = T / P
        return self.samples // self.patch_size

    @property
    def num_masked(self):  # round(ratio * N), ties to even (Math.Round's default, also Python's round)
        return int(round(self.mask_ratio * self.num_patches))

    @property
    def num_visible(self):
        return self.num_patches - self.num_masked

    @staticmethod
    def load(path):
        with open(path) as f:
            try:
                c = json.load(f)
            except ValueError as e:
                raise FixtureError(f"{path}: not JSON ({e})") from None
        missing = [k for k in ("samples", "patch_size", "dim", "heads", "latents", "decoder_dim") if k not in c]
        if missing:
            raise FixtureError(f"{path}: not a Lamae model config (no {', '.join(missing)})")
        cfg = ModelConfig(
            samples=c["samples"], patch_size=c["patch_size"], position_max_period=c["position_max_period"],
            dim=c["dim"], heads=c["heads"], lead_depth=c["lead_depth"], latent_rounds=c["latent_rounds"],
            latents=c["latents"], latent_time_anchors=c["latent_time_anchors"], latent_locality=c["latent_locality"],
            decoder_dim=c["decoder_dim"], decoder_depth=c["decoder_depth"], decoder_heads=c["decoder_heads"],
            mlp_ratio=c["mlp_ratio"], mask_ratio=c["mask_ratio"], shared_patch_mask=c["shared_patch_mask"],
            lead_dropout_probability=c["lead_dropout"]["probability"],
            lead_dropout_max_fraction=c["lead_dropout"]["max_fraction"], norm_pix_loss=c["norm_pix_loss"],
            lead_score_ratio=c["lead_score_ratio"], norm_eps=c["norm_eps"])
        for key in ("num_patches", "num_masked", "num_visible"):
            if key in c and c[key] != getattr(cfg, key):
                raise SystemExit(f"config.json says {key} = {c[key]}, the peer derives {getattr(cfg, key)}")
        return cfg


LEADS = 12  # Lamae.Core.Leads.Count: I, II, III, aVR, aVL, aVF, V1-V6


# ---------------------------------------------------------------------------------------------------------------------
# SinCosPositions.cs and TimeLocality.cs
# ---------------------------------------------------------------------------------------------------------------------


def sincos_positions(positions, dim, max_period):
    """positions (patch units, may be fractional) -> [len, D]: sin(n w_d) | cos(n w_d), w_d = 1 / max_period^(d / (D/2)),
    computed in double and stored as float32, as SinCosPositions.Create."""
    half = dim // 2
    values = [[0.0] * dim for _ in positions]
    for n, p in enumerate(positions):
        for d in range(half):
            omega = 1.0 / math.pow(max_period, d / half)
            values[n][d] = math.sin(p * omega)
            values[n][half + d] = math.cos(p * omega)
    return torch.tensor(values, dtype=torch.float64).to(torch.float32)  # [N, D]


def time_anchors(latents, num_patches):
    """a_k = (k + 0.5) N / K - 0.5 patches, in double (TimeLocality.Anchors)."""
    return [((k + 0.5) * num_patches / latents) - 0.5 for k in range(latents)]


def time_slopes(heads, locality):
    """m_h = locality / 2^h (TimeLocality.Slopes)."""
    return [locality / math.pow(2, h) for h in range(heads)]


def time_bias(query_times, key_times, slopes):
    """query_times [B|1, Sq], key_times [B|1, Sk], slopes [H] -> [B|1, H, Sq, Sk] float32 -m_h |t_q - t_k|, or None."""
    if all(m == 0 for m in slopes):
        return None
    m = torch.tensor([float(v) for v in slopes], dtype=torch.float32).view(1, -1, 1, 1)  # [1, H, 1, 1]
    tq = query_times.to(torch.float32).unsqueeze(1).unsqueeze(-1)  # [B, 1, Sq, 1]
    tk = key_times.to(torch.float32).unsqueeze(1).unsqueeze(2)  # [B, 1, 1, Sk]
    return (tq - tk).abs().mul(m).neg()  # [B, H, Sq, Sk]


# ---------------------------------------------------------------------------------------------------------------------
# Masking.cs
# ---------------------------------------------------------------------------------------------------------------------


@dataclass
class MaskSample:
    ids_keep: "torch.Tensor"  # [B, L, N_vis] int64 patch indices the encoder sees
    ids_restore: "torch.Tensor"  # [B, L, N] int64 inverse permutation of [visible, masked]
    lead_visible: "torch.Tensor"  # [B, L] bool: present and not dropped
    loss_mask: "torch.Tensor"  # [B, L, N] bool: hidden patches of present leads

    @property
    def num_visible(self):
        return self.ids_keep.shape[2]


def masking_sample(present, cfg, generator):
    """Masking.Sample: per-lead random patch masking (MAE's random_masking, argsort of noise) and whole-lead dropout
    (with probability p, k ~ U{1..k_max} present leads, k_max = min(floor(f L_present), L_present - 1)). Draws in
    Lamae's order: patch noise, drop decision, drop count, lead noise, then (only if shared_patch_mask > 0) the
    time-aligned choice."""
    b, l = present.shape
    n, n_vis = cfg.num_patches, cfg.num_visible
    present = present.to(torch.bool)
    num_present = present.sum(1)  # [B]
    noise = torch.rand(b, l, n, generator=generator)  # [B, L, N]
    do_drop = torch.rand(b, generator=generator).lt(cfg.lead_dropout_probability)  # [B]
    u = torch.rand(b, generator=generator)  # [B]
    k_max = torch.minimum(num_present.double().mul(cfg.lead_dropout_max_fraction).floor().long(), num_present - 1)
    k = torch.where(do_drop & k_max.ge(1), u.double().mul(k_max).floor().long().add(1).minimum(k_max),
                    torch.zeros_like(k_max))  # [B]
    lead_noise = torch.rand(b, l, generator=generator).masked_fill(~present, 2.0)  # absent leads rank last
    lead_rank = lead_noise.argsort(1).argsort(1)  # [B, L]
    dropped = present & lead_rank.lt(k.unsqueeze(1))  # [B, L]
    if cfg.shared_patch_mask > 0:
        shared = torch.rand(b, generator=generator).lt(cfg.shared_patch_mask).view(b, 1, 1)
        noise = torch.where(shared, noise[:, :1].expand(b, l, n), noise)
    ids_shuffle = noise.argsort(2)  # ascending: small noise is kept
    ids_restore = ids_shuffle.argsort(2)  # [B, L, N]
    ids_keep = ids_shuffle[:, :, :n_vis]  # [B, L, N_vis]
    hidden_sorted = torch.cat([torch.zeros(b, l, n_vis, dtype=torch.bool), torch.ones(b, l, n - n_vis, dtype=torch.bool)], 2)
    patch_masked = hidden_sorted.gather(2, ids_restore)  # [B, L, N] in time order
    lead_visible = present & ~dropped
    patch_hidden = patch_masked | ~lead_visible.unsqueeze(2)
    loss_mask = patch_hidden & present.unsqueeze(2)
    return MaskSample(ids_keep, ids_restore, lead_visible, loss_mask)


def masking_none(present, num_patches):
    """Masking.None: every patch of every present lead visible."""
    b, l = present.shape
    ids = torch.arange(num_patches, dtype=torch.int64).expand(b, l, num_patches)  # [B, L, N]
    return MaskSample(ids, ids, present.to(torch.bool), torch.zeros(b, l, num_patches, dtype=torch.bool))


def unshuffle(visible, mask_token, mask):
    """Masking.Unshuffle: visible [B, L, N_vis, D] -> [B, L, N, D] in time order, the mask token at hidden patches and
    on every patch of leads that are not visible."""
    b, l, n_vis, d = visible.shape
    n = mask.ids_restore.shape[2]
    mask_tokens = mask_token.expand(b, l, n - n_vis, d)  # [B, L, N - N_vis, D]
    x = torch.cat([visible, mask_tokens], 2).gather(2, mask.ids_restore.unsqueeze(-1).expand(b, l, n, d))
    return torch.where(mask.lead_visible.view(b, l, 1, 1), x, mask_token)  # [B, L, N, D]


# ---------------------------------------------------------------------------------------------------------------------
# Layers: PatchEmbed.cs, LeadEmbedding.cs, Mlp.cs, Attention.cs, CrossAttention.cs, Block.cs, CrossBlock.cs,
# DecoderBlock.cs. Lamae's norms run in fp32 in mixed precision; LayerNorm below casts its input to fp32 so that
# torch.autocast (whose Linear layers return bf16) can feed it (CPU autocast in torch 1.13 would otherwise refuse a
# bf16 input with fp32 weights). In fp32 the cast is a no-op.
# ---------------------------------------------------------------------------------------------------------------------


class LayerNorm(nn.LayerNorm):
    """nn.LayerNorm computing in fp32 whatever its input (Lamae's norms are fp32 in mixed precision)."""

    def forward(self, x):
        return F.layer_norm(x.float(), self.normalized_shape, self.weight, self.bias, self.eps)


class PatchEmbed(nn.Module):
    """signals [B, L, T] -> [B, L, N, D]: patches of P samples through one shared Linear(P, D)."""

    def __init__(self, patch_size, dim):
        super().__init__()
        self.patch_size = patch_size
        self.proj = nn.Linear(patch_size, dim)

    @staticmethod
    def patchify(signals, patch_size):
        t = signals.shape[-1]
        return signals.unflatten(signals.dim() - 1, (t // patch_size, patch_size))  # [B, L, N, P]

    def project(self, patches):  # patches [..., P] -> tokens [..., D]
        return self.proj(patches)

    def forward(self, signals):
        return self.project(PatchEmbed.patchify(signals, self.patch_size))  # [B, L, N, D]


class LeadEmbedding(nn.Module):
    """lead ids [...] (0-11) -> [..., D] from a learned [12, D] table."""

    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(LEADS, dim))

    def forward(self, lead_ids):
        flat = self.weight.index_select(0, lead_ids.reshape(-1))  # [prod(...), D]
        return flat.view(*lead_ids.shape, self.weight.shape[1])


class Mlp(nn.Module):
    """fc1 -> exact (erf) GELU -> fc2."""

    def __init__(self, in_features, hidden_features, out_features, output_bias=True):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features, bias=output_bias)

    def forward(self, x):  # [..., in] -> [..., out]
        return self.fc2(F.gelu(self.fc1(x)))


def scaled_dot_product(q, k, v, key_valid=None, bias=None):
    """Attention.ScaledDotProduct, written out: q [B, H, Sq, dh], k and v [B, H, Sk, dh], key_valid [B, Sk] or None,
    bias broadcastable to [B, H, Sq, Sk] -> [B, H, Sq, dh]. Masked keys get the most negative finite fp32 score
    (float.MinValue), so a row without a valid key averages instead of giving NaN. Under bf16 autocast both products
    run in bf16 (autocast casts matmul's inputs) while the scores, bias, mask and softmax stay fp32, as in Lamae."""
    sq, sk, dh = q.shape[-2], k.shape[-2], q.shape[-1]
    FlopTally.add(2 * (q.numel() // (sq * dh)) * sq, dh, sk)  # QK^T and weights x V (FlopCounter's rule)
    scores = torch.matmul(q, k.transpose(-2, -1)).float().mul(1.0 / math.sqrt(dh))  # [B, H, Sq, Sk], fp32
    if bias is not None:
        scores = scores + bias
    if key_valid is not None:
        scores = scores.masked_fill(~key_valid.unsqueeze(1).unsqueeze(1), torch.finfo(torch.float32).min)
    return torch.matmul(scores.softmax(-1).to(v.dtype), v)  # [B, H, Sq, dh]


class Attention(nn.Module):
    """Multi-head self-attention with a key mask."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, key_valid=None):  # x [B, S, D], key_valid [B, S] -> [B, S, D]
        b, s, d = x.shape
        q, k, v = self.qkv(x).view(b, s, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4).unbind(0)  # 3 x [B, H, S, dh]
        o = scaled_dot_product(q, k, v, key_valid)  # [B, H, S, dh]
        return self.proj(o.transpose(1, 2).reshape(b, s, d))


class CrossAttention(nn.Module):
    """Queries from x, keys and values from a context, a key mask on the context, an additive score bias."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, context, context_valid=None, bias=None):  # x [B, Sq, D], context [B, Sk, D] -> [B, Sq, D]
        b, sq, d = x.shape
        sk = context.shape[1]
        query = self.q(x).view(b, sq, self.heads, d // self.heads).transpose(1, 2)  # [B, H, Sq, dh]
        k, v = self.kv(context).view(b, sk, 2, self.heads, d // self.heads).permute(2, 0, 3, 1, 4).unbind(0)  # 2 x [B, H, Sk, dh]
        o = scaled_dot_product(query, k, v, context_valid, bias)  # [B, H, Sq, dh]
        return self.proj(o.transpose(1, 2).reshape(b, sq, d))


class Block(nn.Module):
    """Pre-norm: x + Attn(LN(x)), then x + MLP(LN(x))."""

    def __init__(self, dim, heads, mlp_ratio, eps):
        super().__init__()
        self.norm1 = LayerNorm(dim, eps)
        self.attn = Attention(dim, heads)
        self.norm2 = LayerNorm(dim, eps)
        self.mlp = Mlp(dim, int(dim * mlp_ratio), dim)

    def forward(self, x, key_valid=None):  # [B, S, D] -> [B, S, D]
        x = x + self.attn(self.norm1(x), key_valid)
        return x + self.mlp(self.norm2(x))


class CrossBlock(nn.Module):
    """Pre-norm: x + CrossAttn(LN(x), LN(context)), then x + MLP(LN(x))."""

    def __init__(self, dim, heads, mlp_ratio, eps):
        super().__init__()
        self.norm1 = LayerNorm(dim, eps)
        self.norm_context = LayerNorm(dim, eps)
        self.attn = CrossAttention(dim, heads)
        self.norm2 = LayerNorm(dim, eps)
        self.mlp = Mlp(dim, int(dim * mlp_ratio), dim)

    def forward(self, x, context, context_valid=None, bias=None):  # x [B, Sq, D], context [B, Sk, D] -> [B, Sq, D]
        x = x + self.attn(self.norm1(x), self.norm_context(context), context_valid, bias)
        return x + self.mlp(self.norm2(x))


class DecoderBlock(nn.Module):
    """Self-attention within a lead, cross-attention to the context (latents + pooled), MLP; all pre-norm. The context
    is the same for every lead of an ECG, so the cross-attention reads it once per ECG with all leads' tokens as queries
    (exactly the per-lead form: each query attends on its own)."""

    def __init__(self, dim, heads, mlp_ratio, eps):
        super().__init__()
        self.norm1 = LayerNorm(dim, eps)
        self.attn = Attention(dim, heads)
        self.norm2 = LayerNorm(dim, eps)
        self.norm_context = LayerNorm(dim, eps)
        self.cross_attn = CrossAttention(dim, heads)
        self.norm3 = LayerNorm(dim, eps)
        self.mlp = Mlp(dim, int(dim * mlp_ratio), dim)

    def forward(self, x, context, context_bias=None):
        """x [B, L, N, D] (each lead's tokens), context [B, K, D], bias [1, H, L*N, K] (lead-major queries) -> [B, L, N, D]."""
        b, l, n, d = x.shape
        per_lead = x.view(b * l, n, d)  # [B*L, N, D]
        per_lead = per_lead + self.attn(self.norm1(per_lead))  # within each lead
        per_ecg = per_lead.view(b, l * n, d)  # [B, L*N, D]
        per_ecg = per_ecg + self.cross_attn(self.norm2(per_ecg), self.norm_context(context), None, context_bias)  # the ECG's context
        return (per_ecg + self.mlp(self.norm3(per_ecg))).view(b, l, n, d)


# ---------------------------------------------------------------------------------------------------------------------
# LeadEncoder.cs
# ---------------------------------------------------------------------------------------------------------------------


class LeadEncoder(nn.Module):
    """token = patch + time + lead embedding; lead_depth blocks over each visible lead's visible tokens (shared)."""

    def __init__(self, cfg):
        super().__init__()
        self.patch_embed = PatchEmbed(cfg.patch_size, cfg.dim)
        self.lead_embed = LeadEmbedding(cfg.dim)
        self.register_buffer("pos_embed", sincos_positions(range(cfg.num_patches), cfg.dim, cfg.position_max_period))  # [N, D]
        self.blocks = nn.ModuleList([Block(cfg.dim, cfg.heads, cfg.mlp_ratio, cfg.norm_eps) for _ in range(cfg.lead_depth)])

    def forward(self, signals, lead_ids, mask):
        """signals [B, L, T], lead ids [B, L], mask -> the visible tokens after the blocks [B, L, N_vis, D]; leads that
        are not visible (absent or dropped) are skipped and come back as zeros."""
        b, l = signals.shape[0], signals.shape[1]
        n_vis = mask.num_visible
        rows = mask.lead_visible.reshape(-1).nonzero().squeeze(1)  # [M] rows of visible leads
        h = self.embed(signals, lead_ids, mask.ids_keep, rows)  # [M, N_vis, D]
        for block in self.blocks:
            h = block(h)
        return torch.zeros(b * l, n_vis, h.shape[2], dtype=h.dtype).index_copy(0, rows, h).view(b, l, n_vis, -1)

    def embed(self, signals, lead_ids, ids_keep, rows):
        """signals [B, L, T], lead ids [B, L], visible patch ids [B, L, N_vis], rows [M] of the flattened [B*L] leads ->
        tokens [M, N_vis, D] = patch + time + lead, embedding only the visible patches of the visible leads."""
        b, l = signals.shape[0], signals.shape[1]
        n_vis = ids_keep.shape[2]
        patches = PatchEmbed.patchify(signals.reshape(b * l, -1).index_select(0, rows), self.patch_embed.patch_size)  # [M, N, P]
        ids = ids_keep.reshape(b * l, n_vis).index_select(0, rows)  # [M, N_vis]
        visible = patches.gather(1, ids.unsqueeze(-1).expand(-1, -1, patches.shape[2]))  # [M, N_vis, P]
        x = self.patch_embed.project(visible)  # [M, N_vis, D]
        time_pos = self.pos_embed.index_select(0, ids.reshape(-1)).view(ids.shape[0], n_vis, -1)  # [M, N_vis, D]
        lead = self.lead_embed(lead_ids.reshape(-1).index_select(0, rows)).unsqueeze(1)  # [M, 1, D]
        return x + time_pos + lead


# ---------------------------------------------------------------------------------------------------------------------
# LatentAttention.cs
# ---------------------------------------------------------------------------------------------------------------------


class LatentRound(nn.Module):
    """Latents read all leads (as one set), think, every lead token reads the latents back."""

    def __init__(self, cfg):
        super().__init__()
        args = (cfg.dim, cfg.heads, cfg.mlp_ratio, cfg.norm_eps)
        self.latent_cross = CrossBlock(*args)
        self.latent_self = Block(*args)
        self.lead_cross = CrossBlock(*args)

    def forward(self, tokens, token_valid, latents, read_tokens_bias=None, read_latents_bias=None):
        latents = self.latent_cross(latents, tokens, token_valid, read_tokens_bias)  # [B, K, D]
        latents = self.latent_self(latents)
        tokens = self.lead_cross(tokens, latents, None, read_latents_bias)  # [B, S, D]
        return tokens, latents


class LatentAttention(nn.Module):
    """K learned latents (anchored in time) and latent_rounds rounds of LatentRound with the time-locality bias."""

    def __init__(self, cfg):
        super().__init__()
        self.latents = nn.Parameter(torch.zeros(cfg.latents, cfg.dim))  # [K, D]
        anchors = time_anchors(cfg.latents, cfg.num_patches)
        self.anchor_times = torch.tensor([float(a) for a in anchors], dtype=torch.float32)  # [K]: (float)a
        self.heads = cfg.heads
        self.locality = cfg.latent_locality
        pos = (sincos_positions(anchors, cfg.dim, cfg.position_max_period) if cfg.latent_time_anchors
               else torch.zeros(cfg.latents, cfg.dim))
        self.register_buffer("latent_pos_embed", pos)  # [K, D]
        self.rounds = nn.ModuleList([LatentRound(cfg) for _ in range(cfg.latent_rounds)])

    def forward(self, tokens, token_valid, token_times):
        """tokens [B, S, D], token_valid [B, S], token_times [B, S] -> (tokens [B, S, D], latents [B, K, D])."""
        z = (self.latents + self.latent_pos_embed).unsqueeze(0).expand(tokens.shape[0], -1, -1)  # [B, K, D]
        read_tokens = time_bias(self.anchor_times.unsqueeze(0), token_times, time_slopes(self.heads, self.locality))  # [B, H, K, S]
        read_latents = None if read_tokens is None else read_tokens.transpose(2, 3)  # [B, H, S, K]
        for rnd in self.rounds:
            tokens, z = rnd(tokens, token_valid, z, read_tokens, read_latents)
        return tokens, z

    def read_bias(self, query_times, query_heads):
        """query_times [1|B, Sq] -> [1|B, H', Sq, K] bias for queries reading the latents, or None."""
        return time_bias(query_times, self.anchor_times.unsqueeze(0), time_slopes(query_heads, self.locality))


# ---------------------------------------------------------------------------------------------------------------------
# LamaeModel.cs with MaskedAutoencoder.cs and MaskedPatchLoss.cs
# ---------------------------------------------------------------------------------------------------------------------


class LamaeModel(nn.Module):
    """LAMAE: lead-wise encoder, latent attention across leads, adaptive lead weights, a masked decoder per lead
    reading the latents and the lead-weighted pooled vector."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d, dd = cfg.dim, cfg.decoder_dim
        # LamaeModel's own parts
        self.encoder = LeadEncoder(cfg)
        self.latent = LatentAttention(cfg)
        self.norm = LayerNorm(d, cfg.norm_eps)
        self.lead_score = Mlp(d, max(1, int(d * cfg.lead_score_ratio)), 1, output_bias=False)
        self.fc_norm = nn.LayerNorm(2 * d, cfg.norm_eps, elementwise_affine=False)  # no parameters
        # MaskedAutoencoder's decoder parts (MAE's names, at the top level)
        self.decoder_embed = nn.Linear(d, dd)
        self.mask_token = nn.Parameter(torch.zeros(dd))  # [Dd]
        self.register_buffer("decoder_pos_embed", sincos_positions(range(cfg.num_patches), dd, cfg.position_max_period))  # [N, Dd]
        self.decoder_lead_embed = LeadEmbedding(dd)
        self.decoder_blocks = nn.ModuleList([DecoderBlock(dd, cfg.decoder_heads, cfg.mlp_ratio, cfg.norm_eps)
                                             for _ in range(cfg.decoder_depth)])
        self.decoder_norm = LayerNorm(dd, cfg.norm_eps)
        self.decoder_pred = nn.Linear(dd, cfg.patch_size)

    def forward_encoder(self, signals, lead_ids, mask):
        """signals [B, L, T], lead ids [B, L], mask -> (tokens [B, L, N_vis, D], latents [B, K, D],
        summaries [B, L, D], lead weights [B, L], pooled [B, D])."""
        lead_wise = self.encoder(signals, lead_ids, mask)  # [B, L, N_vis, D], lead-wise, weights shared
        b, l, n_vis, d = lead_wise.shape
        token_valid = mask.lead_visible.unsqueeze(2).expand(b, l, n_vis).reshape(b, l * n_vis)  # [B, L*N_vis]
        token_times = mask.ids_keep.reshape(b, l * n_vis)  # [B, L*N_vis]
        s, z = self.latent(lead_wise.reshape(b, l * n_vis, d), token_valid, token_times)  # [B, L*N_vis, D], [B, K, D]
        h = self.norm(s).view(b, l, n_vis, d).mul(mask.lead_visible.view(b, l, 1, 1))  # [B, L, N_vis, D]
        z = self.norm(z)  # [B, K, D]
        summaries = h.mean(2)  # [B, L, D]
        scores = self.lead_score(summaries).squeeze(-1).float().masked_fill(~mask.lead_visible, float("-inf"))  # [B, L]
        weights = scores.softmax(1)  # [B, L]
        pooled = weights.unsqueeze(-1).mul(summaries).sum(1)  # [B, D]
        return h, z, summaries, weights, pooled

    def decoder_input(self, tokens, lead_ids, mask):
        """tokens [B, L, N_vis, D] -> [B, L, N, Dd] in time order + time position + lead identity."""
        x = unshuffle(self.decoder_embed(tokens).float(), self.mask_token, mask)  # [B, L, N, Dd], fp32 as in Lamae
        return x + self.decoder_pos_embed + self.decoder_lead_embed(lead_ids).unsqueeze(2)

    def forward_decoder(self, encoded, lead_ids, mask):
        """Encoder output -> predicted patches [B, L, N, P] of every lead."""
        tokens, latents, _, _, pooled = encoded
        x = self.decoder_input(tokens, lead_ids, mask)  # [B, L, N, Dd], time order; hidden leads: mask tokens only
        b, l, n, _ = x.shape
        context = self.decoder_embed(torch.cat([latents, pooled.unsqueeze(1)], 1))  # [B, K+1, Dd], read by every lead
        bias = self.latent.read_bias(torch.arange(n, dtype=torch.float32).unsqueeze(0), self.cfg.decoder_heads)  # [1, H, N, K]
        bias = None if bias is None else F.pad(bias, (0, 1)).repeat(1, 1, l, 1)  # [1, H, L*N, K+1]: pooled is timeless
        for block in self.decoder_blocks:
            x = block(x, context, bias)  # [B, L, N, Dd]
        return self.decoder_pred(self.decoder_norm(x)).view(b, l, self.cfg.num_patches, self.cfg.patch_size)

    def forward_patch_errors(self, signals, pred):
        """signals [B, L, T], pred [B, L, N, P] -> [B, L, N] mean squared error of each patch."""
        target = PatchEmbed.patchify(signals, self.cfg.patch_size)
        if self.cfg.norm_pix_loss:
            mean = target.mean(-1, keepdim=True)
            var = target.var(-1, keepdim=True)
            target = (target - mean) / (var + 1e-6).sqrt()
        error = pred.float() - target
        return error.mul(error).mean(-1)

    @staticmethod
    def forward_loss(patch_errors, loss_mask):
        """[B, L, N], [B, L, N] -> [] mean over the masked patches (MaskedPatchLoss.Mean)."""
        m = loss_mask.to(patch_errors.dtype)
        return patch_errors.mul(m).sum() / m.sum().clamp_min(1.0)

    def forward(self, signals, lead_ids, mask):
        """One pretraining pass under a given mask -> (loss [], pred [B, L, N, P], lead weights [B, L])."""
        encoded = self.forward_encoder(signals, lead_ids, mask)
        pred = self.forward_decoder(encoded, lead_ids, mask)
        loss = self.forward_loss(self.forward_patch_errors(signals, pred), mask.loss_mask)
        return loss, pred, encoded[3]

    def represent(self, signals, lead_ids, present):
        """No masking, all present leads -> embedding [B, 2D] = LN(concat(mean over latents, sum_l w_l s_l))."""
        _, z, _, weights, pooled = self.forward_encoder(signals, lead_ids, masking_none(present, self.cfg.num_patches))
        return self.fc_norm(torch.cat([z.float().mean(1), pooled.float()], 1)), weights


# ---------------------------------------------------------------------------------------------------------------------
# FLOP counts: Lamae's rule (FlopCounter.cs: every Linear 2 x rows x in x out, both attention products) tallied here by
# hooks, and torch.profiler's own count (aten::mm / addmm / bmm / baddbmm), which is the independent check.
# ---------------------------------------------------------------------------------------------------------------------


class FlopTally:
    enabled = False
    flops = 0

    @classmethod
    def add(cls, rows, inner, cols):
        if cls.enabled:
            cls.flops += 2 * rows * inner * cols


def install_linear_tally(model):
    def hook(module, inputs, _output):
        x = inputs[0]
        FlopTally.add(x.numel() // module.in_features, module.in_features, module.out_features)

    for m in model.modules():
        if isinstance(m, nn.Linear):
            m.register_forward_hook(hook)


MATMUL_OPS = ("aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm")


def profiled_flops(fn):
    """Runs fn() under torch.profiler with_flops -> (matrix-product FLOPs, all FLOPs the profiler counts, Lamae-rule FLOPs)."""
    from torch.profiler import ProfilerActivity, profile

    FlopTally.flops, FlopTally.enabled = 0, True
    try:
        with profile(activities=[ProfilerActivity.CPU], with_flops=True) as prof:
            fn()
    finally:
        FlopTally.enabled = False
    matmul = total = 0
    for e in prof.key_averages():
        if e.flops:
            total += e.flops
            if e.key in MATMUL_OPS:
                matmul += e.flops
    return matmul, total, FlopTally.flops


def tallied_flops(fn):
    """Runs fn() counting by Lamae's rule only (cheap: no profiler) -> (fn's result, FLOPs)."""
    FlopTally.flops, FlopTally.enabled = 0, True
    try:
        result = fn()
    finally:
        FlopTally.enabled = False
    return result, FlopTally.flops


def flops_per_visible_lead(model, cfg):
    """FLOPs that one more visible lead adds to a training forward (only the lead-wise encoder blocks skip leads; the
    patch embedding, latent attention and decoder run on every lead's slots): the rule's count on one ECG with all 12
    leads visible minus the count with 11."""
    signals, lead_ids, present = random_batch(cfg, 1)
    m = masking_sample(present, cfg, torch.Generator().manual_seed(0))
    counts = []
    for visible in (LEADS, LEADS - 1):
        lead_visible = torch.arange(LEADS).lt(visible).unsqueeze(0)  # [1, 12]
        mask = MaskSample(m.ids_keep, m.ids_restore, lead_visible, m.loss_mask)
        with torch.no_grad():
            counts.append(tallied_flops(lambda: model(signals, lead_ids, mask))[1])
    return counts[0] - counts[1]


# ---------------------------------------------------------------------------------------------------------------------
# ParameterGroups.cs, TrainingLoop.cs: AdamW with a decayed and a not-decayed group; clip to norm 1.
# ---------------------------------------------------------------------------------------------------------------------

NO_DECAY_PATTERNS = [r"(^|\.)bias$", r"(^|\.)latents?$", r"(^|\.)mask_tokens?$", r"(^|\.)cls_token$", r"(^|\.)pos_embed(ding)?$"]


def parameter_groups(model):
    """-> (decay, no_decay) lists of parameters in state_dict order, by ParameterGroups.Split's rules: owned by a norm or
    embedding module, 1-D, or a name pattern -> no decay. (LeadEmbedding is not an nn.Embedding: its table decays.)"""
    owned = set()
    for mname, m in model.named_modules():
        if isinstance(m, (nn.LayerNorm, nn.Embedding, nn.EmbeddingBag, nn.GroupNorm)):
            for pname, _ in m.named_parameters():
                owned.add(f"{mname}.{pname}")
    patterns = [re.compile(p, re.IGNORECASE) for p in NO_DECAY_PATTERNS]
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        skip = name in owned or p.dim() <= 1 or any(r.search(name) for r in patterns)
        (no_decay if skip else decay).append(p)
    return decay, no_decay


def make_adamw(model, lr=1e-4, foreach=None):
    decay, no_decay = parameter_groups(model)
    groups = [{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.95), eps=1e-8, foreach=foreach)


# ---------------------------------------------------------------------------------------------------------------------
# Loading and environment
# ---------------------------------------------------------------------------------------------------------------------


def load_model(fixture):
    """FIXTURE/config.json and FIXTURE/model.safetensors -> (cfg, model); buffers missing from the file are computed
    (and those present are compared with the computed ones)."""
    cfg = ModelConfig.load(os.path.join(fixture, "config.json"))
    model = LamaeModel(cfg)
    state = read_safetensors(os.path.join(fixture, "model.safetensors"))
    own = model.state_dict()
    buffer_names = {n for n, _ in model.named_buffers()}
    buffer_diffs = {}
    for name in buffer_names:
        if name in state:
            buffer_diffs[name] = (state[name] - own[name]).abs().max().item()
        else:
            state[name] = own[name]
    model.load_state_dict(state, strict=True)
    install_linear_tally(model)
    return cfg, model, buffer_diffs


def openblas_info():
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        return (f"OpenBLAS core {lib.openblas_get_corename().decode()}, {lib.openblas_get_num_threads()} threads, "
                f"{lib.openblas_get_config().decode().strip()}")
    except OSError as e:
        return f"OpenBLAS not found ({e})"


def blas_tag():
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return f"OpenBLAS {lib.openblas_get_corename().decode()} (fp32), oneDNN (bf16)"
    except OSError:
        return "BLAS ?"


def environment_line():
    cfg = torch.__config__.show()
    blas = re.search(r"BLAS_INFO=(\w+)", cfg)
    cap = re.search(r"CPU capability usage: (\w+)", cfg)
    return (f"torch {torch.__version__}, {torch.get_num_threads()} threads, interop {torch.get_num_interop_threads()}, "
            f"BLAS_INFO={blas.group(1) if blas else '?'} ({openblas_info()}), CPU capability {cap.group(1) if cap else '?'}, "
            f"oneDNN {torch.backends.mkldnn.is_available()}, "
            + " ".join(f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT",
                                                         "GOMP_SPINCOUNT", "OMP_WAIT_POLICY") if k in os.environ))


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def peak_rss_gb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # ru_maxrss is in KiB on Linux


def autocast(precision):
    if precision == "bf16":
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return torch.autocast("cpu", enabled=False)


def random_batch(cfg, batch, seed=0):
    g = torch.Generator().manual_seed(seed)
    signals = torch.randn(batch, LEADS, cfg.samples, generator=g)  # [B, 12, T]
    lead_ids = torch.arange(LEADS, dtype=torch.int64).unsqueeze(0).expand(batch, LEADS).contiguous()  # canonical
    present = torch.ones(batch, LEADS, dtype=torch.bool)
    return signals, lead_ids, present


# ---------------------------------------------------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------------------------------------------------


def cmd_check(args):
    cfg, model, buffer_diffs = load_model(args.fixture)
    batch = read_safetensors(os.path.join(args.fixture, "batch.safetensors"))
    signals, lead_ids, present = batch["signals"], batch["lead_ids"], batch["present"]
    mask = MaskSample(batch["ids_keep"], batch["ids_restore"], batch["lead_visible"], batch["loss_mask"])
    model.train()

    # Lamae's mask from the same libtorch CPU generator (seed + 1): does the peer's Masking.Sample draw it too?
    same_mask = None
    if args.seed is not None:
        drawn = masking_sample(present, cfg, torch.Generator().manual_seed(args.seed + 1))
        same_mask = all(torch.equal(a, b) for a, b in ((drawn.ids_keep, mask.ids_keep), (drawn.ids_restore, mask.ids_restore),
                                                        (drawn.lead_visible, mask.lead_visible), (drawn.loss_mask, mask.loss_mask)))

    loss, pred, weights = model(signals, lead_ids, mask)
    model.zero_grad(set_to_none=True)
    loss.backward()
    grad_norm = torch.stack([p.grad.norm() for p in model.parameters() if p.grad is not None]).norm()
    with torch.no_grad(), autocast("bf16"):
        loss_bf16, _, _ = model(signals, lead_ids, mask)

    ref_loss, ref_gn = batch["loss"].item(), batch["grad_norm"].item()
    loss_diff = abs(loss.item() - ref_loss)
    pred_diff = (pred.detach() - batch["pred"]).abs().max().item()
    w_diff = (weights.detach() - batch["lead_weights"]).abs().max().item()
    gn_rel = abs(grad_norm.item() - ref_gn) / ref_gn
    b = signals.shape[0]
    print(f"fixture {args.fixture}: batch {b}, {sum(p.numel() for p in model.parameters()):,} parameters, "
          f"{int(mask.lead_visible.sum())} of {int(present.sum())} present leads visible")
    print(f"  buffers in the file vs computed like the C#: " +
          ", ".join(f"{k} max|diff| {v:.3g}" for k, v in sorted(buffer_diffs.items())))
    if same_mask is not None:
        print(f"  mask drawn by the peer's masking_sample(seed {args.seed} + 1) equals Lamae's: {same_mask}")
    same = " (bit-identical fp32)" if loss.item() == ref_loss else ""
    print(f"  loss        peer {loss.item():.9g}  lamae {ref_loss:.9g}  |diff| {loss_diff:.3g}{same}  (tolerance 1e-05)")
    print(f"  pred        max |diff| {pred_diff:.3g}   (max |pred| {batch['pred'].abs().max().item():.3g})")
    print(f"  lead weights max |diff| {w_diff:.3g}")
    print(f"  grad norm   peer {grad_norm.item():.9g}  lamae {ref_gn:.9g}  relative diff {gn_rel:.3g}")
    if "loss_bf16" in batch:
        print(f"  bf16 loss   peer (torch.autocast) {loss_bf16.item():.9g}  lamae (MixedPrecision) {batch['loss_bf16'].item():.9g}  "
              f"|diff| {abs(loss_bf16.item() - batch['loss_bf16'].item()):.3g}  (information only)")
    ok = loss_diff <= 1e-5
    print("  PASS" if ok else "  FAIL: |loss diff| > 1e-5")
    return 0 if ok else 1


# ---------------------------------------------------------------------------------------------------------------------
# flops
# ---------------------------------------------------------------------------------------------------------------------


def cmd_flops(args):
    """Forward FLOPs per ECG by torch.profiler, and by Lamae's FlopCounter rule (every Linear, both attention products)
    at the same shapes. The profiler is slow here (fp32 bmm without MKL loops over its matrices, and each loop step is
    an event): about 30 s per forward at batch 64 on one thread."""
    cfg, model, _ = load_model(args.fixture)
    fx = read_safetensors(os.path.join(args.fixture, "batch.safetensors"))
    model.eval()

    def line(what, b, counts):
        mm, total, rule = counts
        same = "=" if mm == rule else "!="
        print(f"  {what}: profiler {mm / b / 1e9:.4f} GFLOP/ECG in matrix products (all profiler FLOPs, elementwise "
              f"add/mul included, {total / b / 1e9:.4f}) {same} Lamae's rule {rule / b / 1e9:.4f}")

    print(f"forward FLOPs per ECG, torch.profiler(with_flops=True); {environment_line()}")
    with torch.no_grad():
        mask = MaskSample(fx["ids_keep"], fx["ids_restore"], fx["lead_visible"], fx["loss_mask"])
        b = fx["signals"].shape[0]
        line(f"fixture, batch {b}, its mask ({int(mask.lead_visible.sum())} visible of {int(fx['present'].sum())} present leads)",
             b, profiled_flops(lambda: model(fx["signals"], fx["lead_ids"], mask)))

        # Training masks as Lamae's `steps` bench draws them: all leads present, generator 5 (the same libtorch CPU
        # generator, the same draws, so the same masks; `check --seed` shows the peer's masking reproduces Lamae's).
        signals, lead_ids, present = random_batch(cfg, args.batch)
        gen = torch.Generator().manual_seed(5)
        masks = [masking_sample(present, cfg, gen) for _ in range(args.bench_masks)]
        visible = [int(m.lead_visible.sum()) for m in masks]
        first = profiled_flops(lambda: model(signals, lead_ids, masks[0]))
        line(f"training, batch {args.batch}, first mask of Lamae's step bench ({visible[0] / args.batch:.2f} visible leads/ECG)",
             args.batch, first)
        per_lead = flops_per_visible_lead(model, cfg)
        mean_visible = statistics.mean(visible)
        bench = first[0] + per_lead * (mean_visible - visible[0])
        print(f"  training, batch {args.batch}, mean over the first {args.bench_masks} masks of Lamae's step bench (its default "
              f"draws 23: warmup 3 + steps 20; {mean_visible / args.batch:.3f} visible leads/ECG): {bench / args.batch / 1e9:.4f} GFLOP/ECG "
              f"(profiled first mask + {per_lead / 1e9:.5f} GFLOP per further visible lead)")
        p, f = cfg.lead_dropout_probability, cfg.lead_dropout_max_fraction
        k_max = min(math.floor(f * LEADS), LEADS - 1)
        expected_visible = LEADS - p * (k_max + 1) / 2 if k_max >= 1 else LEADS  # E[k] = p * mean(1..k_max)
        expected = first[0] + per_lead * (expected_visible * args.batch - visible[0])
        print(f"  training, expectation over the mask distribution ({expected_visible:.2f} visible leads/ECG): "
              f"{expected / args.batch / 1e9:.4f} GFLOP/ECG")
        rb = args.represent_batch  # represent has no cross-ECG work: the same FLOPs per ECG at any batch
        line(f"represent, batch {rb}, all 12 leads", rb,
             profiled_flops(lambda: model.represent(signals[:rb], lead_ids[:rb], present[:rb])))
    return 0


# ---------------------------------------------------------------------------------------------------------------------
# time: TrainingStepRun.cs's step (TrainingLoop.RunStep)
# ---------------------------------------------------------------------------------------------------------------------


def train_step(model, optimizer, params, signals, lead_ids, present, cfg, gen, precision, profile=False, micro_batch=0):
    """One step as TrainingLoop.RunStep: zero grads, draw a mask, forward + loss (autocast in bf16), read the loss,
    backward, clip to norm 1 (read the norm), AdamW. -> (forward FLOPs by Lamae's rule, by the profiler or None).
    With 0 < micro_batch < B, gradient accumulation as MaskedAutoencoder.pretrain_backward: the mask is drawn for the
    whole batch, each micro-batch's mean is rescaled to its share of the whole batch's masked patches, and each is
    backpropagated before the next."""
    model.train()
    optimizer.zero_grad(set_to_none=True)
    mask = masking_sample(present, cfg, gen)
    b = signals.shape[0]
    if 0 < micro_batch < b and not profile:
        total = mask.loss_mask.sum().clamp_min(1).float()
        loss_value, rule, profiled = 0.0, 0, None
        for start in range(0, b, micro_batch):
            part = slice(start, min(start + micro_batch, b))
            part_mask = MaskSample(mask.ids_keep[part], mask.ids_restore[part], mask.lead_visible[part], mask.loss_mask[part])

            def forward_part():
                with autocast(precision):
                    mean = model(signals[part], lead_ids[part], part_mask)[0]
                return mean * part_mask.loss_mask.sum().clamp_min(1).float() / total

            loss, part_rule = tallied_flops(forward_part)
            rule += part_rule
            loss.backward()
            loss_value += loss.item()
    else:
        def forward():
            with autocast(precision):
                return model(signals, lead_ids, mask)[0]

        if profile:
            box = []
            profiled, _, rule = profiled_flops(lambda: box.append(forward()))
            loss = box[0]
        else:
            (loss, rule), profiled = tallied_flops(forward), None
        loss_value = loss.item()
        loss.backward()
    if not math.isfinite(loss_value):
        raise SystemExit(f"non-finite loss {loss_value}")
    norm = float(torch.nn.utils.clip_grad_norm_(params, 1.0))
    if not math.isfinite(norm):
        raise SystemExit(f"non-finite gradient norm {norm}")
    optimizer.step()
    return rule, profiled


def cmd_time(args):
    """TrainingStepRun.cs: random signals (all leads present, canonical ids), a fresh mask per step from generator 5,
    warm-up steps then timed steps. Forward FLOPs are counted every step by Lamae's rule (hooks, cheap) and, on the
    first --profile-steps warm-up steps, by the profiler too, which must agree (it takes ~30 s at batch 64, 1 thread)."""
    cfg, _, _ = load_model(args.fixture)
    signals, lead_ids, present = random_batch(cfg, args.batch)
    precisions = ["fp32", "bf16"] if args.precision == "both" else [args.precision]
    print(f"peer: {environment_line()}; OPENBLAS_CORETYPE {os.environ.get('OPENBLAS_CORETYPE', 'auto')}, "
          f"malloc {args.malloc}, spin {args.spin}, AdamW foreach={args.foreach}")
    for precision in precisions:
        cfg, model, _ = load_model(args.fixture)  # the same start for each precision
        params = [p for p in model.parameters() if p.requires_grad]
        optimizer = make_adamw(model, lr=1e-4, foreach=args.foreach)
        gen = torch.Generator().manual_seed(5)
        times, rules, checks = [], [], []
        for i in range(args.warmup + args.steps):
            t0 = time.perf_counter()
            rule, profiled = train_step(model, optimizer, params, signals, lead_ids, present, cfg, gen, precision,
                                        profile=i < min(args.profile_steps, args.warmup), micro_batch=args.micro_batch)
            dt = (time.perf_counter() - t0) * 1000
            rules.append(rule)
            if profiled is not None:
                checks.append((profiled, rule))
            if i >= args.warmup:
                times.append(dt)
        times.sort()
        median = statistics.median(times)
        gflop_step = 3.0 * statistics.mean(rules) / 1e9
        agree = ("profiler = rule on " + ", ".join(f"{p / 1e9:.3f}" for p, _ in checks) + " GFLOP" if all(p == r for p, r in checks)
                 else "PROFILER DIFFERS: " + "; ".join(f"profiler {p} rule {r}" for p, r in checks)) if checks else "not profiled"
        micro = args.micro_batch if 0 < args.micro_batch < args.batch else args.batch
        print(f"peer lamae batch {args.batch} micro {micro} {precision} {torch.get_num_threads()} threads ({cpu_name()}): "
              f"step median {median:.0f} ms (best {times[0]:.0f}), {args.batch * 1000 / median:.1f} ECG/s, "
              f"{gflop_step * 1000 / median:.1f} GFLOP/s ({gflop_step / args.batch:.3f} GFLOP/ECG = 3 x forward, {agree}), "
              f"peak RSS {peak_rss_gb():.2f} GB, torch {torch.__version__}, {blas_tag()}")
    return 0


# ---------------------------------------------------------------------------------------------------------------------
# embed-time: represent() throughput and single-ECG latency
# ---------------------------------------------------------------------------------------------------------------------


def cmd_embed_time(args):
    """represent() under inference_mode: throughput at --batch and the latency of one ECG (batch 1), fp32 and bf16.
    FLOPs per ECG are the profiler's count on one ECG (represent has no cross-ECG work, so it is the same per ECG at
    any batch)."""
    cfg, model, _ = load_model(args.fixture)
    model.eval()
    precisions = ["fp32", "bf16"] if args.precision == "both" else [args.precision]
    signals, lead_ids, present = random_batch(cfg, args.batch)
    one = tuple(t[:1].contiguous() for t in (signals, lead_ids, present))
    print(f"peer: {environment_line()}; malloc {args.malloc}, spin {args.spin}")
    with torch.inference_mode():
        flops, _, rule = profiled_flops(lambda: model.represent(*one))
        if flops != rule:
            print(f"  note: profiler {flops} FLOPs, Lamae's rule {rule}")
        for precision in precisions:
            def run(s, l, p):
                with autocast(precision):
                    return model.represent(s, l, p)[0]

            best, med = _best_and_median(lambda: run(signals, lead_ids, present), args.warmup, args.repeats)
            one_best, one_med = _best_and_median(lambda: run(*one), args.warmup, args.latency_repeats)
            print(f"peer lamae represent {precision} {torch.get_num_threads()} threads ({cpu_name()}): batch {args.batch} "
                  f"median {med * 1000:.1f} ms (best {best * 1000:.1f}) = {args.batch / med:.1f} ECG/s, "
                  f"{flops * args.batch / med / 1e9:.1f} GFLOP/s ({flops / 1e9:.4f} GFLOP/ECG); one ECG median "
                  f"{one_med * 1000:.2f} ms (best {one_best * 1000:.2f}); peak RSS {peak_rss_gb():.2f} GB, "
                  f"torch {torch.__version__}, {blas_tag()}")
    return 0


# ---------------------------------------------------------------------------------------------------------------------
# matmul: the ceiling at the model's shapes
# ---------------------------------------------------------------------------------------------------------------------

MATMUL_SHAPES = [  # (rows, in, out) of x [rows, in] @ W^T, W [out, in], at batch 64 (all leads visible)
    (30720, 96, 384),  # decoder MLP fc1: B*L*N tokens
    (30720, 384, 96),  # decoder MLP fc2
    (30720, 96, 288),  # decoder qkv
    (7680, 128, 512),  # encoder MLP fc1: B*L*N_vis tokens
    (7680, 512, 128),  # encoder MLP fc2
    (7680, 128, 384),  # encoder qkv
]

BMM_SHAPES = [  # (batch, rows, inner, cols) of the attention products q k^T at batch 64 (all leads visible)
    (3072, 40, 24, 41),  # decoder cross-attention: B*L*H, N queries, dh, K+1 keys
    (3072, 40, 24, 40),  # decoder self-attention within a lead
    (256, 40, 32, 120),  # latents read the tokens: B*H, K, dh, L*N_vis
    (3072, 10, 32, 10),  # encoder self-attention within a lead: B*L*H, N_vis
]


def _best_and_median(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return min(ts), statistics.median(ts)


def cmd_matmul(args):
    """torch.mm(x, W^T, out=...) and torch.bmm(q, k^T, out=...) into preallocated outputs (so the first-touch page
    faults of a fresh output, which the training step does pay, are not in the ceiling)."""
    print(f"matmul ceiling ({cpu_name()}), {environment_line()}, OPENBLAS_CORETYPE {os.environ.get('OPENBLAS_CORETYPE', 'auto')}")
    precisions = ["fp32", "bf16"] if args.precision == "both" else [args.precision]
    g = torch.Generator().manual_seed(0)
    for precision in precisions:
        dtype = torch.float32 if precision == "fp32" else torch.bfloat16
        for rows, k, n in MATMUL_SHAPES:
            rows = rows * args.batch // 64
            x = torch.randn(rows, k, generator=g).to(dtype)
            w = torch.randn(n, k, generator=g).to(dtype)
            out = torch.empty(rows, n, dtype=dtype)
            best, med = _best_and_median(lambda: torch.mm(x, w.t(), out=out), args.warmup, args.repeats)
            fl = 2.0 * rows * k * n
            print(f"  {precision} mm  [{rows},{k}]x[{k},{n}]: best {fl / best / 1e9:.1f} GFLOP/s, median {fl / med / 1e9:.1f}")
        if args.linear_only:
            continue
        for bs, s, dh, sk in BMM_SHAPES:
            bs = bs * args.batch // 64
            q = torch.randn(bs, s, dh, generator=g).to(dtype)
            kk = torch.randn(bs, sk, dh, generator=g).to(dtype)
            out = torch.empty(bs, s, sk, dtype=dtype)
            best, med = _best_and_median(lambda: torch.bmm(q, kk.transpose(1, 2), out=out), args.warmup, args.repeats)
            fl = 2.0 * bs * s * dh * sk
            print(f"  {precision} bmm [{bs}x {s},{dh}]x[{dh},{sk}]: best {fl / best / 1e9:.1f} GFLOP/s, median {fl / med / 1e9:.1f}")
    return 0


# ---------------------------------------------------------------------------------------------------------------------


def main(argv=None):
    common = argparse.ArgumentParser(add_help=False)  # read before torch loads by configure_environment, too
    common.add_argument("--threads", type=int, default=1, help="torch intra-op threads (and OPENBLAS_NUM_THREADS); default 1")
    common.add_argument("--interop", type=int, default=1, help="torch inter-op threads (default 1)")
    common.add_argument("--coretype", default=DEFAULT_CORETYPE,
                        help=f"OPENBLAS_CORETYPE (default {DEFAULT_CORETYPE}; 'auto' lets OpenBLAS detect the CPU)")
    common.add_argument("--malloc", choices=["tuned", "nommap", "default"], default="tuned",
                        help="glibc malloc: tuned = Lamae's (default), nommap = tuned and no mmap at all, default = glibc's")
    common.add_argument("--spin", choices=["short", "default"], default="short",
                        help="short (default): OPENBLAS_THREAD_TIMEOUT=4 GOMP_SPINCOUNT=10000; default: the libraries' own waits")
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", parents=[common], help="reproduce Lamae's loss, pred, lead weights and gradient norm on a fixture")
    c.add_argument("fixture")
    c.add_argument("--seed", type=int, default=None, help="the fixture's seed: also check that the peer's masking draws Lamae's mask")

    f = sub.add_parser("flops", parents=[common], help="profiler forward FLOPs per ECG")
    f.add_argument("fixture")
    f.add_argument("--batch", type=int, default=64)
    f.add_argument("--represent-batch", type=int, default=8, help="batch for represent's count (per ECG it is the same at any batch)")
    f.add_argument("--bench-masks", type=int, default=23, help="masks of Lamae's step bench to average over (warmup + steps)")

    t = sub.add_parser("time", parents=[common], help="training step timing")
    t.add_argument("--fixture", required=True, help="fixture folder: config.json and model.safetensors")
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--micro-batch", type=int, default=0,
                   help="ECGs per forward and backward (gradient accumulation as Lamae's --micro-batch); 0: the whole batch")
    t.add_argument("--steps", type=int, default=20)
    t.add_argument("--warmup", type=int, default=3)
    t.add_argument("--precision", choices=["fp32", "bf16", "both"], default="both")
    t.add_argument("--profile-steps", type=int, default=1,
                   help="warm-up steps whose forward FLOPs the profiler also counts (default 1; 0: Lamae's rule only)")
    t.add_argument("--foreach", type=lambda s: s.lower() in ("1", "true", "yes"), default=False,
                   help="AdamW's multi-tensor (foreach) implementation (default false: on this CPU the per-tensor loop "
                        "was faster, 7.4-8.1 ms vs 9.1-9.6 ms per step of the 2.26 M parameters, 1 thread)")

    e = sub.add_parser("embed-time", parents=[common], help="represent() throughput and single-ECG latency")
    e.add_argument("--fixture", required=True)
    e.add_argument("--batch", type=int, default=64)
    e.add_argument("--repeats", type=int, default=10)
    e.add_argument("--latency-repeats", type=int, default=50)
    e.add_argument("--warmup", type=int, default=2)
    e.add_argument("--precision", choices=["fp32", "bf16", "both"], default="both")

    m = sub.add_parser("matmul", parents=[common], help="matmul ceiling at the model's shapes")
    m.add_argument("--batch", type=int, default=64, help="scales the rows (the shapes are at batch 64)")
    m.add_argument("--repeats", type=int, default=10)
    m.add_argument("--warmup", type=int, default=2)
    m.add_argument("--precision", choices=["fp32", "bf16", "both"], default="both")
    m.add_argument("--linear-only", action="store_true", help="only the Linear shapes (no attention bmm)")

    args = p.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.interop)

    commands = {"check": cmd_check, "flops": cmd_flops, "time": cmd_time, "embed-time": cmd_embed_time, "matmul": cmd_matmul}
    try:
        return commands[args.command](args)
    except FixtureError as e:
        print(f"lamae_peer: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # a missing or unreadable fixture file
        print(f"lamae_peer: error: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    except (ValueError, KeyError, RuntimeError) as e:  # a config.json or weights that do not fit the model
        print(f"lamae_peer: error: {getattr(args, 'fixture', '')}: {type(e).__name__}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
