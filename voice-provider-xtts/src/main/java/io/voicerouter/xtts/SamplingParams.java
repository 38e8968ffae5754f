package io.voicerouter.xtts;

/**
 * How the next audio token is drawn. {@code topK <= 0} disables top-k, {@code topP >= 1} disables
 * top-p, {@code topK == 1} is greedy decoding (the seed is then irrelevant). {@code lengthPenalty}
 * is carried because the seed's settings name it, but, exactly as in XTTS (where Hugging Face applies
 * it only to beam search and XTTS samples with one beam), it has no effect on sampling.
 */
record SamplingParams(double temperature, int topK, double topP, double repetitionPenalty,
                      double lengthPenalty, long seed) {
    SamplingParams {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        if (!(repetitionPenalty > 0)) {
            throw new IllegalArgumentException("repetition_penalty must be positive, got " + repetitionPenalty);
        }
    }

    static SamplingParams greedy() {
        return new SamplingParams(1.0, 1, 1.0, 1.0, 1.0, 0);
    }
}
