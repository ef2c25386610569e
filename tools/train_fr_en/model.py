"""A small pre-norm Transformer (plain PyTorch), laid out to map 1:1 onto CTranslate2's TransformerSpec.

Shared embedding for source, target and output projection; sinusoidal positions (first half sin,
second half cos); fused Q/K/V in self-attention, fused K/V in cross-attention; ReLU FFN.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

PAD, UNK, BOS, EOS = 0, 1, 2, 3


def sinusoidal_table(n_pos, d):
    half = d // 2
    inv = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(10000.0) / (half - 1)))
    pos = torch.arange(n_pos, dtype=torch.float32)[:, None] * inv[None, :]
    return torch.cat([torch.sin(pos), torch.cos(pos)], dim=1)


class SelfAttention(nn.Module):
    def __init__(self, d, h, dropout):
        super().__init__()
        self.h = h
        self.norm = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.dropout = dropout

    def forward(self, x, mask):
        b, t, d = x.shape
        y = self.norm(x)
        q, k, v = self.qkv(y).view(b, t, 3, self.h, d // self.h).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,
                                           dropout_p=self.dropout if self.training else 0.0)
        return x + F.dropout(self.out(a.transpose(1, 2).reshape(b, t, d)), self.dropout, self.training)


class CrossAttention(nn.Module):
    def __init__(self, d, h, dropout):
        super().__init__()
        self.h = h
        self.norm = nn.LayerNorm(d)
        self.q = nn.Linear(d, d)
        self.kv = nn.Linear(d, 2 * d)
        self.out = nn.Linear(d, d)
        self.dropout = dropout

    def forward(self, x, mem, mask):
        b, t, d = x.shape
        s = mem.shape[1]
        y = self.norm(x)
        q = self.q(y).view(b, t, self.h, d // self.h).transpose(1, 2)
        k, v = self.kv(mem).view(b, s, 2, self.h, d // self.h).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,
                                           dropout_p=self.dropout if self.training else 0.0)
        return x + F.dropout(self.out(a.transpose(1, 2).reshape(b, t, d)), self.dropout, self.training)


class FFN(nn.Module):
    def __init__(self, d, ff, dropout):
        super().__init__()
        self.norm = nn.LayerNorm(d)
        self.linear_0 = nn.Linear(d, ff)
        self.linear_1 = nn.Linear(ff, d)
        self.dropout = dropout

    def forward(self, x):
        y = F.relu(self.linear_0(self.norm(x)))
        y = F.dropout(y, self.dropout, self.training)
        return x + F.dropout(self.linear_1(y), self.dropout, self.training)


class EncLayer(nn.Module):
    def __init__(self, d, h, ff, dropout):
        super().__init__()
        self.self_attn = SelfAttention(d, h, dropout)
        self.ffn = FFN(d, ff, dropout)

    def forward(self, x, mask):
        return self.ffn(self.self_attn(x, mask))


class DecLayer(nn.Module):
    def __init__(self, d, h, ff, dropout):
        super().__init__()
        self.self_attn = SelfAttention(d, h, dropout)
        self.cross_attn = CrossAttention(d, h, dropout)
        self.ffn = FFN(d, ff, dropout)

    def forward(self, x, mem, self_mask, mem_mask):
        return self.ffn(self.cross_attn(self.self_attn(x, self_mask), mem, mem_mask))


class Transformer(nn.Module):
    def __init__(self, vocab, d=256, heads=4, ff=1024, enc_layers=4, dec_layers=3, dropout=0.1,
                 max_pos=1024):
        super().__init__()
        self.config = dict(vocab=vocab, d=d, heads=heads, ff=ff, enc_layers=enc_layers,
                           dec_layers=dec_layers, dropout=dropout, max_pos=max_pos)
        self.d = d
        self.emb = nn.Embedding(vocab, d, padding_idx=PAD)
        nn.init.normal_(self.emb.weight, 0, d ** -0.5)
        with torch.no_grad():
            self.emb.weight[PAD].zero_()
        self.register_buffer("pos", sinusoidal_table(max_pos, d), persistent=False)
        self.enc = nn.ModuleList([EncLayer(d, heads, ff, dropout) for _ in range(enc_layers)])
        self.dec = nn.ModuleList([DecLayer(d, heads, ff, dropout) for _ in range(dec_layers)])
        self.enc_norm = nn.LayerNorm(d)
        self.dec_norm = nn.LayerNorm(d)
        self.out_bias = nn.Parameter(torch.zeros(vocab))
        self.dropout = dropout
        for name, p in self.named_parameters():
            if p.dim() == 2 and not name.startswith("emb"):
                nn.init.xavier_uniform_(p)

    def embed(self, ids):
        x = self.emb(ids) * math.sqrt(self.d) + self.pos[: ids.shape[1]][None]
        return F.dropout(x, self.dropout, self.training)

    def encode(self, src):
        mask = (src != PAD)[:, None, None, :]  # b,1,1,s  True = attend
        x = self.embed(src)
        for layer in self.enc:
            x = layer(x, mask)
        return self.enc_norm(x), mask

    def decode(self, tgt_in, mem, mem_mask):
        t = tgt_in.shape[1]
        causal = torch.ones(t, t, dtype=torch.bool, device=tgt_in.device).tril()[None, None]
        x = self.embed(tgt_in)
        for layer in self.dec:
            x = layer(x, mem, causal, mem_mask)
        x = self.dec_norm(x)
        return F.linear(x, self.emb.weight, self.out_bias)

    def forward(self, src, tgt_in):
        mem, mask = self.encode(src)
        return self.decode(tgt_in, mem, mask)
