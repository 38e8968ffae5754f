"""Generates the WADA-SNR lookup table in voice-samples' NoiseEstimator.

WADA-SNR (Kim & Stern, Interspeech 2008) models clean speech amplitudes as Gamma(0.4) and noise
as Gaussian; G = log(mean|x|) - mean(log|x|) of the normalized mixture rises monotonically with
SNR. This script computes G for -20..100 dB by Monte Carlo with a fixed seed (4 million samples
per point); run with Debian's python3-numpy: python3 tools/wada_snr_table.py
"""
import numpy as np
rng = np.random.default_rng(12345)
N = 4_000_000
s = rng.gamma(0.4, 1.0, N) * rng.choice([-1.0, 1.0], N)
s /= np.sqrt(np.mean(s**2))
g = rng.standard_normal(N)
out = []
for db in range(-20, 101):
    x = s + g * 10 ** (-db / 20)
    a = np.abs(x)
    a = np.maximum(a, 1e-20)
    G = np.log(np.mean(a)) - np.mean(np.log(a))
    out.append((db, G))
for db, G in out: print(db, round(G, 6))
