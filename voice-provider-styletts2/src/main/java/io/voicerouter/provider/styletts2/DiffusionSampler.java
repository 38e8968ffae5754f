package io.voicerouter.provider.styletts2;

import java.util.function.Consumer;

/**
 * StyleTTS2's style diffusion, driven from Java: the ADPM2 sampler (rho 1) over a Karras noise
 * schedule, the Karras/EDM pre-conditioning of the denoiser ({@code KDiffusion} with
 * {@code sigma_data}) and classifier-free guidance by {@code embedding_scale}. Only the denoising
 * network itself runs in ONNX ({@link Denoiser}). Like upstream, {@code num_steps} sigmas are made
 * and {@code num_steps - 1} steps taken; the result is not clamped. Thread-safe (immutable).
 */
final class DiffusionSampler {
    /** The network: conditional and unconditional (learned fixed embedding) predictions. */
    interface Denoiser {
        float[][] predict(float[] scaledX, float cNoise);
    }

    /** Standard normal draws, {@code n} at a time. */
    interface NoiseSource {
        float[] next(int n);
    }

    static NoiseSource gaussian(long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        return n -> {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
                double u1 = 1.0 - random.nextDouble();
                double u2 = random.nextDouble();
                out[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
            }
            return out;
        };
    }

    private final double sigmaMin;
    private final double sigmaMax;
    private final double rho;
    private final double sigmaData;

    DiffusionSampler(double sigmaMin, double sigmaMax, double rho, double sigmaData) {
        if (!(0 < sigmaMin && sigmaMin < sigmaMax && rho > 0 && sigmaData > 0)) {
            throw new IllegalArgumentException("bad diffusion parameters");
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.rho = rho;
        this.sigmaData = sigmaData;
    }

    /** The Karras schedule, {@code steps} sigmas from sigma_max down to sigma_min, then 0 (float32 like upstream). */
    double[] sigmas(int steps) {
        double rhoInv = 1.0 / rho;
        double[] out = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            float ramp = (float) i / (float) (steps - 1);
            out[i] = (float) Math.pow(Math.pow(sigmaMax, rhoInv) + ramp * (Math.pow(sigmaMin, rhoInv)
                    - Math.pow(sigmaMax, rhoInv)), rho);
        }
        return out;
    }

    /**
     * Samples a style of {@code dim} values.
     *
     * @param steps          diffusion steps, at least 2
     * @param embeddingScale classifier-free guidance scale; 1 uses the conditional prediction alone
     * @param trace          receives x after every step (for tests); may be a no-op
     */
    float[] sample(Denoiser net, int dim, int steps, double embeddingScale, NoiseSource noise,
                   Consumer<float[]> trace) {
        if (steps < 2) {
            throw new IllegalArgumentException("diffusion needs at least 2 steps, got " + steps);
        }
        double[] sigmas = sigmas(steps);
        float[] n0 = noise.next(dim);
        double[] x = new double[dim];
        for (int i = 0; i < dim; i++) {
            x[i] = sigmas[0] * n0[i];
        }
        for (int s = 0; s < steps - 1; s++) {
            double sigma = sigmas[s];
            double next = sigmas[s + 1];
            double up = Math.sqrt(next * next * (sigma * sigma - next * next) / (sigma * sigma));
            double down = Math.sqrt(next * next - up * up);
            double mid = (sigma + down) / 2;
            double[] denoised = denoise(net, x, sigma, embeddingScale);
            double[] xMid = new double[dim];
            for (int i = 0; i < dim; i++) {
                xMid[i] = x[i] + (x[i] - denoised[i]) / sigma * (mid - sigma);
            }
            double[] denoisedMid = denoise(net, xMid, mid, embeddingScale);
            float[] eps = noise.next(dim);
            float[] snapshot = new float[dim];
            for (int i = 0; i < dim; i++) {
                double dMid = (xMid[i] - denoisedMid[i]) / mid;
                x[i] = x[i] + dMid * (down - sigma) + eps[i] * up;
                snapshot[i] = (float) x[i];
            }
            trace.accept(snapshot);
        }
        float[] out = new float[dim];
        for (int i = 0; i < dim; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    private double[] denoise(Denoiser net, double[] x, double sigma, double embeddingScale) {
        float s = (float) sigma;
        double s2 = (double) s * s;
        double d2 = sigmaData * sigmaData;
        double cSkip = d2 / (s2 + d2);
        double cOut = s * sigmaData / Math.sqrt(d2 + s2);
        double cIn = 1 / Math.sqrt(s2 + d2);
        float[] scaled = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            scaled[i] = (float) (cIn * x[i]);
        }
        float[][] pred = net.predict(scaled, (float) (Math.log(s) * 0.25));
        float[] cond = pred[0];
        float[] uncond = pred[1];
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = embeddingScale == 1.0 ? cond[i] : uncond[i] + (cond[i] - uncond[i]) * embeddingScale;
            out[i] = cSkip * x[i] + cOut * v;
        }
        return out;
    }
}
