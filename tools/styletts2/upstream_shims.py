"""Stand-ins for the three Python packages StyleTTS2's model code imports that Debian does not
package (einops, einops_exts, transformers' ALBERT). export_libritts_onnx.py installs each one
only when the real package cannot be imported, so a machine that has the real packages uses them.

They are written from the packages' documented behaviour, not copied:
- einops: rearrange / reduce / repeat and the Rearrange layer for the patterns StyleTTS2 uses
  (named axes, "1", parenthesised groups, "..."), built from reshape, permute, expand and sum/mean,
  so they trace into plain ONNX Reshape/Transpose/Expand/Reduce nodes.
- einops_exts: rearrange_many (rearrange applied to each tensor).
- transformers: AlbertConfig and AlbertModel with Hugging Face's parameter names, so a PL-BERT or
  StyleTTS2 checkpoint's "bert" weights load unchanged (embeddings, one shared layer group, the
  post-LayerNorm attention and feed-forward, gelu_new, the pooler). Only what StyleTTS2 calls:
  forward(input_ids, attention_mask) -> an object with last_hidden_state.
"""
import math
import sys
import types

import torch
import torch.nn as nn
import torch.nn.functional as F


# ------------------------------------------------------------------------------------------ einops

def _parse_side(side):
    """'b n (h d)' -> [['b'], ['n'], ('h', 'd')]: a bare axis is a list of one name ('1': none),
    a parenthesised group a tuple; '...' stays a name until the tensor's rank is known."""
    items, group = [], None
    for token in side.replace("(", " ( ").replace(")", " ) ").split():
        if token == "(":
            group = []
        elif token == ")":
            items.append(tuple(group))
            group = None
        elif group is not None:
            group.extend([] if token == "1" else [token])
        else:
            items.append([] if token == "1" else [token])
    return items


def _expand_ellipsis(items, count):
    """A bare '...' becomes `count` single axes; '(...)' one group of them."""
    names = ["_e%d" % k for k in range(count)]
    out = []
    for item in items:
        if "..." not in item:
            out.append(list(item))
        elif isinstance(item, tuple):
            i = item.index("...")
            out.append(list(item[:i]) + names + list(item[i + 1:]))
        else:
            out.extend([[n] for n in names])
    return out


def _einops(x, pattern, reduction=None, **sizes):
    left_s, right_s = pattern.split("->")
    left, right = _parse_side(left_s), _parse_side(right_s)
    n_ellipsis = x.dim() - sum(1 for item in left if "..." not in item)
    left = _expand_ellipsis(left, n_ellipsis)
    right = _expand_ellipsis(right, n_ellipsis)
    if len(left) != x.dim():
        raise ValueError("pattern %r does not fit a %d-d tensor" % (pattern, x.dim()))
    size = dict(sizes)
    for item, dim in zip(left, x.shape):
        unknown = [n for n in item if n not in size]
        if len(item) == 1 and unknown:
            size[item[0]] = dim
        elif len(unknown) == 1:
            known = 1
            for n in item:
                if n in size:
                    known = known * size[n]
            size[unknown[0]] = dim // known
    elementary = [n for item in left for n in item]
    if any(len(item) != 1 for item in left):
        x = x.reshape([size[n] for n in elementary])
    right_names = [n for item in right for n in item]
    dropped = [n for n in elementary if n not in right_names]
    if dropped:
        if reduction is None:
            raise ValueError("rearrange cannot drop axes: %r" % pattern)
        axes = [elementary.index(n) for n in dropped]
        x = x.sum(dim=axes) if reduction == "sum" else x.mean(dim=axes)
        elementary = [n for n in elementary if n not in dropped]
    kept = [n for n in right_names if n in elementary]
    perm = [elementary.index(n) for n in kept]
    if perm != list(range(len(perm))):
        x = x.permute(perm)
    if len(kept) != len(right_names):  # repeat: new axes
        shape = []
        for n in right_names:
            if n in kept:
                shape.append(-1)
            else:
                x = x.unsqueeze(len(shape))
                shape.append(size[n])
        x = x.expand(shape)
    out_shape = []
    for item in right:
        s = 1
        for n in item:
            s = s * size[n]
        out_shape.append(s)
    if any(len(item) != 1 for item in right):
        x = x.reshape(out_shape)
    return x


def rearrange(x, pattern, **sizes):
    return _einops(x, pattern, None, **sizes)


def reduce(x, pattern, reduction, **sizes):
    if reduction not in ("sum", "mean"):
        raise ValueError("reduction %r not supported by the stand-in" % reduction)
    return _einops(x, pattern, reduction, **sizes)


def repeat(x, pattern, **sizes):
    return _einops(x, pattern, None, **sizes)


class Rearrange(nn.Module):
    def __init__(self, pattern, **sizes):
        super().__init__()
        self.pattern, self.sizes = pattern, sizes

    def forward(self, x):
        return rearrange(x, self.pattern, **self.sizes)


def rearrange_many(tensors, pattern, **sizes):
    return [rearrange(t, pattern, **sizes) for t in tensors]


# ------------------------------------------------------------------------------------ transformers

class AlbertConfig:
    """Hugging Face's AlbertConfig defaults; unknown keys (PL-BERT passes dropout) are kept."""

    def __init__(self, vocab_size=30000, embedding_size=128, hidden_size=4096, num_hidden_layers=12,
                 num_hidden_groups=1, num_attention_heads=64, intermediate_size=16384, inner_group_num=1,
                 hidden_act="gelu_new", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                 max_position_embeddings=512, type_vocab_size=2, layer_norm_eps=1e-12, **extra):
        self.vocab_size, self.embedding_size, self.hidden_size = vocab_size, embedding_size, hidden_size
        self.num_hidden_layers, self.num_hidden_groups = num_hidden_layers, num_hidden_groups
        self.num_attention_heads, self.intermediate_size = num_attention_heads, intermediate_size
        self.inner_group_num, self.hidden_act = inner_group_num, hidden_act
        self.hidden_dropout_prob = hidden_dropout_prob
        self.attention_probs_dropout_prob = attention_probs_dropout_prob
        self.max_position_embeddings, self.type_vocab_size = max_position_embeddings, type_vocab_size
        self.layer_norm_eps = layer_norm_eps
        for k, v in extra.items():
            setattr(self, k, v)


def _activation(name):
    if name == "gelu_new":
        return lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))
    if name == "gelu":
        return F.gelu
    if name == "relu":
        return F.relu
    raise ValueError("hidden_act %r not supported by the stand-in" % name)


class _Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.embedding_size)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.embedding_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.embedding_size)
        self.LayerNorm = nn.LayerNorm(c.embedding_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids, token_type_ids):
        position = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids) \
            + self.position_embeddings(position)
        return self.dropout(self.LayerNorm(x))


class _Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c.num_attention_heads
        self.head_size = c.hidden_size // c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.attention_dropout = nn.Dropout(c.attention_probs_dropout_prob)
        self.output_dropout = nn.Dropout(c.hidden_dropout_prob)

    def _heads(self, x):
        return x.reshape(x.shape[0], x.shape[1], self.heads, self.head_size).permute(0, 2, 1, 3)

    def forward(self, h, mask):
        q, k, v = self._heads(self.query(h)), self._heads(self.key(h)), self._heads(self.value(h))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_size) + mask
        ctx = self.attention_dropout(scores.softmax(dim=-1)) @ v
        ctx = ctx.permute(0, 2, 1, 3).reshape(h.shape[0], h.shape[1], -1)
        return self.LayerNorm(h + self.output_dropout(self.dense(ctx)))


class _Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = _Attention(c)
        self.ffn = nn.Linear(c.hidden_size, c.intermediate_size)
        self.ffn_output = nn.Linear(c.intermediate_size, c.hidden_size)
        self.full_layer_layer_norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.activation = _activation(c.hidden_act)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, h, mask):
        a = self.attention(h, mask)
        f = self.ffn_output(self.activation(self.ffn(a)))
        return self.full_layer_layer_norm(self.dropout(f) + a)


class _LayerGroup(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.albert_layers = nn.ModuleList([_Layer(c) for _ in range(c.inner_group_num)])

    def forward(self, h, mask):
        for layer in self.albert_layers:
            h = layer(h, mask)
        return h


class _Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.embedding_hidden_mapping_in = nn.Linear(c.embedding_size, c.hidden_size)
        self.albert_layer_groups = nn.ModuleList([_LayerGroup(c) for _ in range(c.num_hidden_groups)])

    def forward(self, h, mask):
        c = self.config
        h = self.embedding_hidden_mapping_in(h)
        for i in range(c.num_hidden_layers):
            group = int(i / (c.num_hidden_layers / c.num_hidden_groups))
            h = self.albert_layer_groups[group](h, mask)
        return h


class AlbertModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        self.encoder = _Encoder(config)
        self.pooler = nn.Linear(config.hidden_size, config.hidden_size)
        self.pooler_activation = nn.Tanh()

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        mask = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        h = self.encoder(self.embeddings(input_ids, token_type_ids), mask)
        return types.SimpleNamespace(last_hidden_state=h,
                                     pooler_output=self.pooler_activation(self.pooler(h[:, 0])))


# ----------------------------------------------------------------------------------------- install

def install():
    """Registers a stand-in for each package that cannot be imported; returns their names."""
    installed = []
    try:
        import einops  # noqa: F401
        import einops.layers.torch  # noqa: F401
    except ImportError:
        einops_mod = types.ModuleType("einops")
        einops_mod.rearrange, einops_mod.reduce, einops_mod.repeat = rearrange, reduce, repeat
        layers = types.ModuleType("einops.layers")
        layers_torch = types.ModuleType("einops.layers.torch")
        layers_torch.Rearrange = Rearrange
        einops_mod.layers, layers.torch = layers, layers_torch
        sys.modules.update({"einops": einops_mod, "einops.layers": layers, "einops.layers.torch": layers_torch})
        installed.append("einops")
    try:
        import einops_exts  # noqa: F401
    except ImportError:
        exts = types.ModuleType("einops_exts")
        exts.rearrange_many = rearrange_many
        sys.modules["einops_exts"] = exts
        installed.append("einops_exts")
    try:
        import transformers  # noqa: F401
    except ImportError:
        tf = types.ModuleType("transformers")
        tf.AlbertConfig, tf.AlbertModel = AlbertConfig, AlbertModel
        sys.modules["transformers"] = tf
        installed.append("transformers (ALBERT only)")
    return installed
