#!/usr/bin/python3
"""Builds the StyleTTS2 provider's test resources: tiny contract-shaped ONNX graphs and the
expected outputs of the Python reference (mel frontend, style vector, diffusion sampler), so the
Java tests need no Python.

Needs Debian's python3-torch, python3-numpy, python3-onnx and sox. torchaudio is not needed: the
mel spectrogram is rebuilt from torch.stft plus a filterbank made exactly as
torchaudio.transforms.MelSpectrogram(n_mels=80, n_fft=2048, win_length=1200, hop_length=300)
makes it (its defaults: sample_rate=16000, f_min=0, f_max=sample_rate/2, periodic Hann window,
center=True, pad_mode='reflect', power=2.0, norm=None, mel_scale='htk'). StyleTTS2's inference
code builds the transform without sample_rate, so the filterbank spans 0-8000 Hz "as if" 16 kHz
although the audio is 24 kHz; we keep that, because the trained style encoders expect it.

Usage (from the repository root):
    /usr/bin/python3 tools/styletts2/make_test_models.py
"""
import json
import math
import os
import shutil
import subprocess
import sys
import wave

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "voice-provider-styletts2", "src", "test", "resources", "styletts2")
SPEECH = "/work/shared/data/speech"
OPSET = 14

# ---------------------------------------------------------------- reference frontend (float64)

N_FFT, WIN, HOP, N_MELS, MEL_SR = 2048, 1200, 300, 80, 16000


def hz_to_mel(f):
    return 2595.0 * math.log10(1.0 + f / 700.0)


def mel_fbank():
    n_freqs = N_FFT // 2 + 1
    all_freqs = torch.linspace(0, MEL_SR // 2, n_freqs, dtype=torch.float64)
    m_pts = torch.linspace(hz_to_mel(0.0), hz_to_mel(MEL_SR / 2), N_MELS + 2, dtype=torch.float64)
    f_pts = 700.0 * (10 ** (m_pts / 2595.0) - 1.0)
    f_diff = f_pts[1:] - f_pts[:-1]
    slopes = f_pts.unsqueeze(0) - all_freqs.unsqueeze(1)
    down = (-1.0 * slopes[:, :-2]) / f_diff[:-1]
    up = slopes[:, 2:] / f_diff[1:]
    return torch.clamp(torch.min(down, up), min=0.0)  # (n_freqs, n_mels)


def log_mel(wave_f64):
    x = torch.from_numpy(wave_f64)
    spec = torch.stft(x, n_fft=N_FFT, hop_length=HOP, win_length=WIN,
                      window=torch.hann_window(WIN, periodic=True, dtype=torch.float64),
                      center=True, pad_mode="reflect", normalized=False, onesided=True,
                      return_complex=True).abs() ** 2
    mel = torch.matmul(spec.transpose(0, 1), mel_fbank()).transpose(0, 1)  # (80, T)
    return (torch.log(1e-5 + mel) + 4.0) / 4.0


def trim(y, top_db=30.0, frame_length=2048, hop_length=512):
    """librosa.effects.trim: frame RMS (zero-padded, centred), dB relative to the loudest frame."""
    padded = np.pad(y, frame_length // 2, mode="constant")
    n_frames = 1 + (len(padded) - frame_length) // hop_length
    mse = np.array([np.mean(padded[i * hop_length:i * hop_length + frame_length] ** 2)
                    for i in range(n_frames)])
    amin = 1e-10
    db = 10 * np.log10(np.maximum(amin, mse)) - 10 * np.log10(max(amin, mse.max()))
    nonzero = np.flatnonzero(db > -top_db)
    if len(nonzero) == 0:
        return y[0:0], 0, 0
    start = int(nonzero[0] * hop_length)
    end = int(min(len(y), (nonzero[-1] + 1) * hop_length))
    return y[start:end], start, end


def read_wav_int16(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, path
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return data.astype(np.float64) / 32768.0, w.getframerate()


# ---------------------------------------------------------------- contract-shaped graphs

class StyleEncoder(nn.Module):
    """mel [1, 1, 80, T] -> style [1, 128]; shaped like StyleTTS2's encoders, weights random."""

    def __init__(self, seed):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.proj = nn.Linear(8 * 80, 128)
        for p in self.parameters():
            p.data = torch.randn(p.shape, generator=g) * 0.1

    def forward(self, mel):
        h = torch.relu(self.conv(mel))          # [1, 8, 80, T]
        h = h.mean(dim=3).flatten(1)            # [1, 640]
        return self.proj(h)


class Bert(nn.Module):
    """tokens [1, n] int64 -> embedding [1, n, 768]."""

    def __init__(self, n_token):
        super().__init__()
        g = torch.Generator().manual_seed(7)
        self.emb = nn.Embedding(n_token, 768)
        self.emb.weight.data = torch.randn(n_token, 768, generator=g) * 0.05

    def forward(self, tokens):
        return self.emb(tokens)


class Denoiser(nn.Module):
    """The diffusion network with classifier-free guidance split out: returns the prediction with
    the text embedding and with the learned "fixed" embedding, so Java applies embedding_scale."""

    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(11)
        self.fixed = nn.Parameter(torch.randn(1, 768, generator=g) * 0.05)
        self.w_x = nn.Linear(256, 256)
        self.w_f = nn.Linear(256, 256)
        self.w_e = nn.Linear(768, 256)
        self.t = nn.Parameter(torch.randn(256, generator=g) * 0.1)
        for m in (self.w_x, self.w_f, self.w_e):
            m.weight.data = torch.randn(m.weight.shape, generator=g) * 0.05
            m.bias.data = torch.randn(m.bias.shape, generator=g) * 0.05

    def run(self, x, c_noise, pooled, features):
        h = self.w_x(x[:, 0, :]) + self.w_f(features) + self.w_e(pooled) + c_noise.view(-1, 1) * self.t
        return torch.tanh(h).unsqueeze(1)

    def forward(self, x, c_noise, embedding, features):
        cond = self.run(x, c_noise, embedding.mean(dim=1), features)
        uncond = self.run(x, c_noise, self.fixed.expand(embedding.shape[0], -1), features)
        return cond, uncond


class Probe(nn.Module):
    """Synthesis contract; the "waveform" is [tokens as float..., style (256)..., speed]."""

    def forward(self, input_ids, style, speed):
        return torch.cat([input_ids.view(-1).float(), style.view(-1), speed.view(-1)])


class ProbeIntSpeed(nn.Module):
    """Like Probe, with speed declared int32 as hexgrad/kokoro's examples/export.py declares it."""

    def forward(self, input_ids, style, speed):
        return torch.cat([input_ids.view(-1).float(), style.view(-1), speed.view(-1).float()])


class Tone(nn.Module):
    """Synthesis contract; a 220 Hz tone, 600 samples per token, whose phase depends on the
    tokens, so chunk ends fall mid-cycle (a click unless the joiner handles it)."""

    def forward(self, input_ids, style, speed):
        n = input_ids.shape[1]
        t = torch.arange(n * 600, dtype=torch.float32)
        phase = input_ids.float().sum() * 0.37
        # 1200 samples hold exactly 11 cycles: wrapping there keeps float32 phase error negligible.
        wrapped = torch.remainder(t * speed[0], 1200.0)
        return 0.5 * torch.sin(2 * math.pi * 220.0 / 24000.0 * wrapped + phase) + style[0, 0] * 0


def export(module, args, path, input_names, output_names, dynamic_axes):
    module.eval()
    torch.onnx.export(module, args, path, input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes, opset_version=OPSET)


# ---------------------------------------------------------------- diffusion sampler reference

def karras(num_steps, sigma_min, sigma_max, rho):
    rho_inv = 1.0 / rho
    steps = torch.arange(num_steps, dtype=torch.float32)
    sigmas = (sigma_max ** rho_inv + (steps / (num_steps - 1))
              * (sigma_min ** rho_inv - sigma_max ** rho_inv)) ** rho
    return torch.nn.functional.pad(sigmas, pad=(0, 1), value=0.0)


def run_sampler(net, embedding, features, num_steps, embedding_scale, sigma_data, noises):
    """StyleTTS2's DiffusionSampler(KDiffusion, ADPM2Sampler(rho=1), KarrasSchedule(1e-4, 3, 9),
    clamp=False), written out; records x after every step."""
    def denoise(x, sigma):
        sigmas = torch.full((1,), float(sigma))
        c_noise = torch.log(sigmas) * 0.25
        s = sigmas.view(1, 1, 1)
        c_skip = sigma_data ** 2 / (s ** 2 + sigma_data ** 2)
        c_out = s * sigma_data * (sigma_data ** 2 + s ** 2) ** -0.5
        c_in = (s ** 2 + sigma_data ** 2) ** -0.5
        cond, uncond = net(c_in * x, c_noise, embedding, features)
        out = uncond + (cond - uncond) * embedding_scale if embedding_scale != 1.0 else cond
        return c_skip * x + c_out * out

    sigmas = karras(num_steps, 0.0001, 3.0, 9.0)
    x = sigmas[0] * noises[0]
    trace = []
    for i in range(num_steps - 1):
        sigma, sigma_next = float(sigmas[i]), float(sigmas[i + 1])
        sigma_up = math.sqrt(sigma_next ** 2 * (sigma ** 2 - sigma_next ** 2) / sigma ** 2)
        sigma_down = math.sqrt(sigma_next ** 2 - sigma_up ** 2)
        sigma_mid = (sigma + sigma_down) / 2
        d = (x - denoise(x, sigma)) / sigma
        x_mid = x + d * (sigma_mid - sigma)
        d_mid = (x_mid - denoise(x_mid, sigma_mid)) / sigma_mid
        x = x + d_mid * (sigma_down - sigma)
        x = x + noises[i + 1] * sigma_up
        trace.append(x.clone())
    return x, trace, sigmas


# ---------------------------------------------------------------- main

def write_f32(name, array):
    np.asarray(array, dtype="<f4").tofile(os.path.join(OUT, name))


def vocab():
    # A Kokoro-like vocabulary: pad, punctuation and the IPA letters our tests use.
    symbols = list(";:,.!?—…\"()“” ") + list("abcdefghijklmnopqrstuvwxyz") + \
        list("ɑɐɒæɓʙβɔɕçɗɖðʤəɘɚɛɜɝɞɟʄɡɠɢʛɦɧħɥʜɨɪʝɭɬɫɮʟɱɯɰŋɳɲɴøɵɸθœɶʘɹɺɾɻʀʁɽʂʃʈʧʉʊʋⱱʌɣɤʍχʎʏʑʐʒʔʡʕʢǀǁǂǃˈˌːˑʼʴʰʱʲʷˠˤ˞↓↑→↗↘'̩ᵻ")
    return {s: i + 1 for i, s in enumerate(dict.fromkeys(symbols))}


def model_config(voc, padding, trim_end, default_voice, languages):
    return {"format_version": 1, "vocab": voc, "token_padding": padding, "max_phonemes": 510,
            "sample_rate": 24000, "trim_end_samples": trim_end, "default_voice": default_voice,
            "languages": languages, "sigma_data": 0.2,
            "diffusion": {"sigma_min": 0.0001, "sigma_max": 3.0, "rho": 9.0}}


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    # Reference recordings (MIT, Piper project): a 6.1 s one resampled to 24 kHz for the frontend,
    # a 2.1 s one (too short) and a 14.5 s concatenation (too long) for the duration advice.
    subprocess.run(["sox", "-D", f"{SPEECH}/exit.wav", "-b", "16", "-r", "24000", os.path.join(OUT, "ref24k.wav")],
                   check=True)
    shutil.copyfile(f"{SPEECH}/downloaded.wav", os.path.join(OUT, "short.wav"))
    shutil.copyfile(f"{SPEECH}/multispeaker.wav", os.path.join(OUT, "acceptable.wav"))
    subprocess.run(["sox", "-D", f"{SPEECH}/exit.wav", f"{SPEECH}/gpuavailable.wav", "-r", "16000",
                    os.path.join(OUT, "long.wav")], check=True)

    y, sr = read_wav_int16(os.path.join(OUT, "ref24k.wav"))
    assert sr == 24000
    trimmed, start, end = trim(y)
    mel = log_mel(trimmed)
    mel32 = log_mel(trimmed.astype(np.float32).astype(np.float64))
    write_f32("mel_expected.f32", mel.numpy())

    voc = vocab()
    probe_dir = os.path.join(OUT, "probe")
    tone_dir = os.path.join(OUT, "tone")
    os.makedirs(probe_dir, exist_ok=True)
    os.makedirs(tone_dir, exist_ok=True)

    acoustic, prosody = StyleEncoder(1), StyleEncoder(2)
    mel_in = mel.float().unsqueeze(0).unsqueeze(0)
    with torch.no_grad():
        style = torch.cat([acoustic(mel_in), prosody(mel_in)], dim=1)
    write_f32("style_expected.f32", style.numpy())
    mel_axes = {"mel": {3: "frames"}}
    export(acoustic, (mel_in,), os.path.join(probe_dir, "style_encoder.onnx"), ["mel"], ["style"], mel_axes)
    export(prosody, (mel_in,), os.path.join(probe_dir, "predictor_encoder.onnx"), ["mel"], ["style"], mel_axes)

    n_token = max(voc.values()) + 1
    bert, net = Bert(n_token), Denoiser()
    tokens = torch.tensor([[0, 5, 60, 61, 70, 3, 80, 44]], dtype=torch.int64)
    export(bert, (tokens,), os.path.join(probe_dir, "bert.onnx"), ["tokens"], ["embedding"],
           {"tokens": {1: "n"}, "embedding": {1: "n"}})
    with torch.no_grad():
        embedding = bert(tokens)
    x0 = torch.zeros(1, 1, 256)
    export(net, (x0, torch.zeros(1), embedding, style), os.path.join(probe_dir, "denoiser.onnx"),
           ["x", "c_noise", "embedding", "features"], ["cond", "uncond"], {"embedding": {1: "n"}})

    steps, scale = 5, 1.5
    g = torch.Generator().manual_seed(1234)
    noises = [torch.randn(1, 1, 256, generator=g) for _ in range(steps)]
    with torch.no_grad():
        final, trace, sigmas = run_sampler(net, embedding, style, steps, scale, 0.2, noises)
    write_f32("sampler_noise.f32", torch.cat(noises).numpy())
    write_f32("sampler_trace.f32", torch.cat(trace).numpy())

    ids = torch.tensor([[0, 5, 6, 0]], dtype=torch.int64)
    st, sp = torch.zeros(1, 256), torch.ones(1)
    syn_axes = {"input_ids": {1: "n"}, "waveform": {0: "samples"}}
    export(Probe(), (ids, st, sp), os.path.join(probe_dir, "model.onnx"), ["input_ids", "style", "speed"],
           ["waveform"], syn_axes)
    export(Tone(), (ids, st, sp), os.path.join(tone_dir, "model.onnx"), ["input_ids", "style", "speed"],
           ["waveform"], syn_axes)

    int_dir = os.path.join(OUT, "probe_int_speed")
    os.makedirs(int_dir, exist_ok=True)
    export(ProbeIntSpeed(), (ids, st, torch.ones(1, dtype=torch.int32)), os.path.join(int_dir, "model.onnx"),
           ["input_ids", "style", "speed"], ["waveform"], syn_axes)
    np.savez_compressed(os.path.join(int_dir, "voices.npz"), af_int=np.ones((510, 1, 256), np.float32))
    with open(os.path.join(int_dir, "config.json"), "w") as f:
        json.dump(model_config(voc, "both", 0, "af_int", {"en": "en-us"}), f, ensure_ascii=False, indent=1)

    rows = np.arange(510, dtype=np.float32).reshape(510, 1, 1)
    cols = np.arange(256, dtype=np.float32).reshape(1, 1, 256) / 1000.0
    np.savez(os.path.join(probe_dir, "voices.npz"), af_probe=(rows + cols).astype(np.float32),
             bm_probe=(-(rows + cols)).astype(np.float32))
    np.savez_compressed(os.path.join(tone_dir, "voices.npz"), af_tone=np.zeros((510, 1, 256), np.float32))

    languages = {"en": "en-us", "fr": "fr-fr"}
    with open(os.path.join(probe_dir, "config.json"), "w") as f:
        json.dump(model_config(voc, "both", 0, "af_probe", languages), f, ensure_ascii=False, indent=1)
    with open(os.path.join(tone_dir, "config.json"), "w") as f:
        json.dump(model_config(voc, "both", 0, "af_tone", languages), f, ensure_ascii=False, indent=1)

    expected = {
        "ref_wav": "ref24k.wav", "trim_start": start, "trim_end": end,
        "mel_shape": list(mel.shape), "style_shape": list(style.shape),
        "mel_float32_input_max_abs_diff": float((mel - mel32).abs().max()),
        "sampler": {"tokens": tokens[0].tolist(), "steps": steps, "embedding_scale": scale,
                    "sigma_data": 0.2, "sigmas": sigmas.tolist(), "noise_shape": [steps, 256],
                    "trace_shape": [steps - 1, 256]},
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print(json.dumps({k: v for k, v in expected.items() if k != "sampler"}), file=sys.stderr)


if __name__ == "__main__":
    main()
