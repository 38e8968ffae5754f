package io.voicerouter.xtts;

import java.util.Arrays;
import java.util.Collection;
import java.util.SplittableRandom;

/**
 * Picks the next audio token from the GPT's logits the way Hugging Face's {@code generate(do_sample=True)}
 * does for XTTS: repetition penalty, then temperature, top-k and top-p, then one multinomial draw.
 * One instance serves one decode: it owns the random stream, so a fixed seed gives the same tokens.
 * Not thread-safe; each synthesis makes its own.
 */
final class Sampler {
    private final SamplingParams params;
    private final SplittableRandom random;

    Sampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    /**
     * Chooses a token. {@code seen} are the ids the penalty applies to (every id already in the
     * sequence). {@code logits} is not modified.
     */
    int next(float[] logits, Collection<Integer> seen) {
        double[] p = distribution(logits, seen, params);
        if (params.topK() == 1) {
            return argmax(p);
        }
        double u = random.nextDouble();
        double acc = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                acc += p[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last; // u landed in the rounding gap above the last kept token
    }

    /** The probability of every token after penalty, temperature, top-k and top-p; zeros for removed ones. */
    static double[] distribution(float[] logits, Collection<Integer> seen, SamplingParams params) {
        int n = logits.length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = logits[i];
        }
        double penalty = params.repetitionPenalty();
        if (penalty != 1.0) {
            boolean[] done = new boolean[n];
            for (int id : seen) {
                // Once per id however often it occurs, as HF's gather/scatter does.
                if (id >= 0 && id < n && !done[id]) {
                    done[id] = true;
                    // Dividing a negative logit would raise its probability: multiply those instead (CTRL paper, as HF does).
                    s[id] = s[id] < 0 ? s[id] * penalty : s[id] / penalty;
                }
            }
        }
        double t = params.temperature();
        for (int i = 0; i < n; i++) {
            s[i] /= t;
        }
        boolean[] removed = new boolean[n];
        int k = params.topK();
        if (k > 0 && k < n) {
            double[] sorted = s.clone();
            Arrays.sort(sorted);
            double kth = sorted[n - k];
            for (int i = 0; i < n; i++) {
                removed[i] = s[i] < kth; // ties with the k-th value are kept, as torch.topk's threshold does
            }
        }
        double topP = params.topP();
        if (topP < 1.0) {
            nucleus(s, removed, topP);
        }
        return softmax(s, removed);
    }

    /**
     * Removes the least likely tokens whose cumulative probability (ascending order) stays at or below
     * {@code 1 - topP}; the most likely token always survives.
     */
    private static void nucleus(double[] s, boolean[] removed, double topP) {
        double[] probs = softmax(s, removed);
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Ascending by score; equal scores keep index order so the cut is deterministic.
        Arrays.sort(order, (a, b) -> Double.compare(probs[a], probs[b]));
        double cumulative = 0;
        for (int r = 0; r < order.length - 1; r++) {
            int id = order[r];
            cumulative += probs[id];
            if (cumulative <= 1.0 - topP) {
                removed[id] = true;
            } else {
                break;
            }
        }
    }

    private static double[] softmax(double[] s, boolean[] removed) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            if (!removed[i]) {
                max = Math.max(max, s[i]);
            }
        }
        double[] p = new double[s.length];
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            if (!removed[i]) {
                p[i] = Math.exp(s[i] - max);
                sum += p[i];
            }
        }
        for (int i = 0; i < s.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
