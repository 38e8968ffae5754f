#!/usr/bin/python3
"""Runs coqui-ai-TTS's own XTTS GPT classes (random small weights) and writes the reference that
GptUpstreamReferenceTest compares voice-provider-xtts's GptDecoder against: the mel position each audio
token is fed with, the greedy tokens and the latent (final-norm hidden state) of every step.

Usage, from the repository root, with a checkout of https://github.com/idiap/coqui-ai-TTS:
  /usr/bin/python3 tools/xtts/upstream_gpt_reference.py /path/to/coqui-ai-TTS

What runs is upstream's, loaded from the checkout by file path (nothing of it is copied here):
  TTS/tts/layers/xtts/gpt.py            GPT: the tables, compute_embeddings (prefix, fake input ids), generate
  TTS/tts/layers/xtts/gpt_inference.py  GPT2InferenceModel.forward: picks each step's mel position
  TTS/tts/layers/tortoise/autoregressive.py  LearnedPositionEmbeddings, build_hf_gpt_transformer,
                                        _prepare_attention_mask_for_generation

Upstream needs Hugging Face `transformers` (>= 4.52, torch >= 2.1), which Debian does not package and which
cannot be installed here (Debian's torch is 1.13). So `transformers` is replaced by the small stand-in
below, and these upstream imports, which play no part in the positions, by placeholders:
  - tortoise/arch_utils (AttentionBlock of the v1 conditioning encoder, TypicalLogitsWarper),
  - xtts/perceiver_encoder (the v2 conditioning perceiver: the reference feeds conditioning latents directly),
  - xtts/stream_generator (streaming generation config),
  - the package __init__ files (they read the installed coqui-tts version and import the whole library).
The stand-in's parts and why they do not decide the answer:
  - GPT2Model: a pre-LayerNorm causal transformer with a KV cache (the tiny model's blocks of
    make_tiny_xtts.py). It adds `wpe(position_ids)` to its input as GPT-2 does; upstream's
    build_hf_gpt_transformer replaces `wpe` by null_position_embeddings, so the body adds no positions.
  - GenerationMixin.generate: Hugging Face's greedy loop as its source states it: the first call gets all
    input ids; each later call only the ids not yet in the cache; after every step the attention mask
    grows by one column of ones (`_update_model_kwargs_for_generation`); position_ids = cumsum(mask) - 1;
    the repetition penalty is RepetitionPenaltyLogitsProcessor (gather over all input ids, divide if > 0,
    multiply if < 0); stop at eos or max_length. This mask rule is the one fact about Hugging Face that
    the positions rest on: upstream's forward derives the position from `attention_mask.shape[1]`.
The mel positions themselves are recorded from upstream's LearnedPositionEmbeddings as upstream calls it.

Writes voice-provider-xtts/src/test/resources/xtts/upstream/: gpt_model.onnx (the same weights behind
the public export's tensor names), embeddings/*.npy (upstream's tables), cond_latents.f32, latents.f32 and
reference.json. Needs Debian's python3-torch and python3-onnx.
"""
import importlib.util
import json
import os
import sys
import types

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_tiny_xtts as tiny  # noqa: E402  (the tiny transformer blocks and the ONNX export helper)

ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "voice-provider-xtts", "src", "test", "resources", "xtts", "upstream")

# XTTS v2's GPT sizes (config.json model_args) except width/depth: the tables have v2's row counts.
CONFIG = dict(layers=tiny.LAYERS, model_dim=tiny.D, heads=tiny.HEADS, max_text_tokens=402, max_mel_tokens=605,
              max_prompt_tokens=70, max_conditioning_inputs=1, number_text_tokens=tiny.TEXT_VOCAB,
              num_audio_tokens=1026, start_audio_token=1024, stop_audio_token=1025,
              start_text_token=261, stop_text_token=0, use_perceiver_resampler=False)
COND_LATENTS = 32
PENALTY = 1.5
TEXT_IDS = [45, 112, 7, 250, 33, 190, 64, 12, 99]


# ---------------------------------------------------------------- stand-in for `transformers`
class _Output(dict):
    """Enough of transformers' ModelOutput: attribute access and integer indexing over set fields."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def __getitem__(self, key):
        if isinstance(key, int):
            return [v for v in self.values() if v is not None][key]
        return dict.__getitem__(self, key)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)


class GPT2Config:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)
        self.use_return_dict = True


class GPT2Model(nn.Module):
    def __init__(self, config):
        super().__init__()
        assert config.n_embd == tiny.D and config.n_head == tiny.HEADS
        self.wte = nn.Embedding(config.vocab_size, config.n_embd)
        self.wpe = nn.Embedding(config.n_positions, config.n_embd)
        self.h = nn.ModuleList([tiny.Block() for _ in range(config.n_layer)])
        self.ln_f = nn.LayerNorm(config.n_embd)

    def run(self, x, attention_mask, past):
        """x [B, S, D], attention_mask [B, P + S], past: per layer (k, v) -> (ln_f(h), presents)."""
        s, total = x.shape[1], attention_mask.shape[1]
        rows = torch.arange(s).unsqueeze(1) + (total - s)
        allowed = (torch.arange(total).unsqueeze(0) <= rows).unsqueeze(0).unsqueeze(0) \
            & (attention_mask > 0.5).unsqueeze(1).unsqueeze(1)
        mask = torch.where(allowed, torch.zeros(()), torch.full((), -1e9))
        presents = []
        for block, (pk, pv) in zip(self.h, past):
            x, k, v = block(x, pk, pv, mask)
            presents.append((k, v))
        return self.ln_f(x), presents

    def forward(self, inputs_embeds=None, past_key_values=None, attention_mask=None, position_ids=None,
                use_cache=None, return_dict=None, **unused):
        b, s, d = inputs_embeds.shape
        if past_key_values is None:
            hd = d // tiny.HEADS
            past_key_values = [(torch.zeros(b, tiny.HEADS, 0, hd), torch.zeros(b, tiny.HEADS, 0, hd))] * len(self.h)
        if position_ids is None:
            p = past_key_values[0][0].shape[2]
            position_ids = torch.arange(p, p + s).unsqueeze(0)
        x = inputs_embeds + self.wpe(position_ids)  # upstream made wpe null_position_embeddings
        hidden, presents = self.run(x, attention_mask.float(), past_key_values)
        return _Output(last_hidden_state=hidden, past_key_values=presents, hidden_states=None, attentions=None,
                       cross_attentions=None)


class GPT2PreTrainedModel(nn.Module):
    def __init__(self, config, *args, **kwargs):
        super().__init__()
        self.config = config


class GenerationMixin:
    @classmethod
    def can_generate(cls):
        return False  # no generation_config: its defaults do not enter a greedy decode

    @torch.no_grad()
    def generate(self, inputs, bos_token_id=None, pad_token_id=None, eos_token_id=None, max_length=None,
                 attention_mask=None, do_sample=False, repetition_penalty=1.0, **unused):
        assert not do_sample, "the reference is greedy"
        input_ids = inputs
        past, cached = None, 0
        while True:
            position_ids = (attention_mask.long().cumsum(-1) - 1)[:, cached:]
            out = self(input_ids=input_ids[:, cached:], past_key_values=past, attention_mask=attention_mask,
                       position_ids=position_ids, use_cache=True, return_dict=True)
            cached, past = input_ids.shape[1], out.past_key_values
            scores = out.logits[:, -1, :].clone()
            if repetition_penalty != 1.0:
                seen = torch.gather(scores, 1, input_ids)
                seen = torch.where(seen < 0, seen * repetition_penalty, seen / repetition_penalty)
                scores.scatter_(1, input_ids, seen)
            token = torch.argmax(scores, dim=-1, keepdim=True)
            input_ids = torch.cat([input_ids, token], dim=-1)
            attention_mask = torch.cat([attention_mask, attention_mask.new_ones((attention_mask.shape[0], 1))], dim=-1)
            if int(token) == eos_token_id or input_ids.shape[1] >= max_length:
                return input_ids


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    m.__path__ = []  # importable as a package
    sys.modules[name] = m
    return m


class _Placeholder(nn.Module):
    def __init__(self, *args, **kwargs):
        super().__init__()


def install_stand_ins():
    _module("transformers", GPT2Config=GPT2Config, GPT2Model=GPT2Model, GPT2PreTrainedModel=GPT2PreTrainedModel,
            GenerationMixin=GenerationMixin, LogitsProcessor=object, LogitsProcessorList=list)
    _module("transformers.modeling_outputs", CausalLMOutputWithCrossAttentions=_Output)
    _module("transformers.pytorch_utils", isin_mps_friendly=torch.isin)
    for pkg in ("TTS", "TTS.tts", "TTS.tts.layers", "TTS.tts.layers.tortoise", "TTS.tts.layers.xtts"):
        _module(pkg)
    _module("TTS.tts.layers.tortoise.arch_utils", AttentionBlock=_Placeholder, TypicalLogitsWarper=object)
    _module("TTS.tts.layers.xtts.perceiver_encoder", PerceiverResampler=_Placeholder)
    _module("TTS.tts.layers.xtts.stream_generator", StreamGenerationConfig=None)


def load_upstream(checkout, relative, name):
    path = os.path.join(checkout, relative)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class ExportGpt(nn.Module):
    """The upstream module's transformer, final norm and mel head behind the public export's tensor names."""

    def __init__(self, gpt):
        super().__init__()
        self.transformer, self.final_norm, self.mel_head = gpt.gpt, gpt.final_norm, gpt.mel_head

    def forward(self, inputs_embeds, attention_mask, *past):
        pairs = [(past[2 * i], past[2 * i + 1]) for i in range(len(self.transformer.h))]
        x, presents = self.transformer.run(inputs_embeds, attention_mask, pairs)
        hidden = self.final_norm(x)
        return (self.mel_head(hidden), hidden, *[t for kv in presents for t in kv])


def decode(gpt, cond):
    """Upstream's GPT.generate, greedy; records the mel positions and final-norm states it computes."""
    positions, latents = [], []
    pos = gpt.mel_pos_embedding
    fixed, full = pos.get_fixed_embedding, pos.forward
    pos.get_fixed_embedding = lambda ind, dev: (positions.append(int(ind)), fixed(ind, dev))[1]
    pos.forward = lambda x: (positions.extend(range(x.shape[1])), full(x))[1]
    hook = gpt.final_norm.register_forward_hook(lambda m, i, o: latents.append(o[0, -1].clone()))
    try:
        codes = gpt.generate(cond, torch.tensor([TEXT_IDS]), do_sample=False, repetition_penalty=PENALTY)
    finally:
        hook.remove()
        del pos.get_fixed_embedding, pos.forward
    codes = [int(c) for c in codes[0]]
    stopped = bool(codes) and codes[-1] == gpt.stop_audio_token
    tokens = codes[:-1] if stopped else codes
    # one latent per call; the call that produced the stop token is not a token's latent
    return tokens, stopped, positions, torch.stack(latents[: len(tokens)])


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    checkout = os.path.abspath(sys.argv[1])
    install_stand_ins()
    load_upstream(checkout, "TTS/tts/layers/tortoise/autoregressive.py", "TTS.tts.layers.tortoise.autoregressive")
    load_upstream(checkout, "TTS/tts/layers/xtts/gpt_inference.py", "TTS.tts.layers.xtts.gpt_inference")
    upstream = load_upstream(checkout, "TTS/tts/layers/xtts/gpt.py", "TTS.tts.layers.xtts.gpt")

    for seed in range(200):
        torch.manual_seed(seed)
        gpt = upstream.GPT(**CONFIG).eval()
        with torch.no_grad():  # upstream draws positions at std 0.02; wider, a wrong position changes the tokens
            gpt.mel_pos_embedding.emb.weight.mul_(5.0)
            gpt.text_pos_embedding.emb.weight.mul_(5.0)
        gpt.init_gpt_for_inference(kv_cache=True)
        cond = torch.randn(1, COND_LATENTS, tiny.D) * 0.5
        with torch.no_grad():
            tokens, stopped, positions, latents = decode(gpt, cond)
        if stopped and 8 <= len(tokens) <= 40:
            break
    else:
        raise SystemExit("no seed gave a self-stopping decode of 8-40 tokens")
    print("seed", seed, "tokens", tokens, "positions", positions)
    # The most tokens one generate call makes: run it again with the stop token's logit pushed down.
    stop = gpt.stop_audio_token
    hook = gpt.mel_head.register_forward_hook(lambda m, i, o: o.index_fill(-1, torch.tensor([stop]), -1e9))
    try:
        with torch.no_grad():
            capped, capped_stopped, capped_positions, _ = decode(gpt, cond)
    finally:
        hook.remove()
    assert not capped_stopped and len(capped) == gpt.max_gen_mel_tokens, (len(capped), gpt.max_gen_mel_tokens)
    print("without a stop token one call makes", len(capped), "tokens; last position", capped_positions[-1])

    os.makedirs(os.path.join(OUT, "embeddings"), exist_ok=True)
    for name, table in (("text_embedding", gpt.text_embedding.weight),
                        ("text_pos_embedding", gpt.text_pos_embedding.emb.weight),
                        ("mel_embedding", gpt.mel_embedding.weight),
                        ("mel_pos_embedding", gpt.mel_pos_embedding.emb.weight)):
        np.save(os.path.join(OUT, "embeddings", name + ".npy"), table.detach().numpy().astype("<f4"))
    with torch.no_grad():
        tiny.export_gpt(ExportGpt(gpt), os.path.join(OUT, "gpt_model.onnx"))
    reference = {
        "upstream": "idiap/coqui-ai-TTS TTS/tts/layers/xtts/{gpt,gpt_inference}.py, run by "
                    "tools/xtts/upstream_gpt_reference.py",
        "model_seed": seed, "text_ids": TEXT_IDS, "repetition_penalty": PENALTY,
        "start_text_token": CONFIG["start_text_token"], "stop_text_token": CONFIG["stop_text_token"],
        "tokens": tokens, "stopped": stopped,
        # upstream's GPT.max_gen_mel_tokens, and the tokens one call made with the stop token suppressed
        "max_gen_mel_tokens": gpt.max_gen_mel_tokens, "tokens_without_stop": len(capped),
        # mel position of the start token, then of each audio token fed back (in call order)
        "mel_positions": positions,
        "cond_latents": tiny.write_f32(os.path.join(OUT, "cond_latents.f32"), cond.numpy()),
        "latents": tiny.write_f32(os.path.join(OUT, "latents.f32"), latents.numpy()),
    }
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
