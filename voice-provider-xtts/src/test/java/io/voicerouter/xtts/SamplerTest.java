package io.voicerouter.xtts;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {
    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, -1.0f, 3.0f, 0.0f};

    private static SamplingParams params(double temperature, int topK, double topP, double penalty, long seed) {
        return new SamplingParams(temperature, topK, topP, penalty, 1.0, seed);
    }

    private static double[] softmax(double... s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            p[i] = Math.exp(s[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < s.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void plainDistributionIsTheSoftmaxOfTheLogits() {
        double[] p = Sampler.distribution(LOGITS, Set.of(), params(1.0, 0, 1.0, 1.0, 0));
        double[] expected = softmax(2, 1, 0.5, -1, 3, 0);
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void temperatureDividesTheLogits() {
        double[] p = Sampler.distribution(LOGITS, Set.of(), params(0.5, 0, 1.0, 1.0, 0));
        double[] expected = softmax(4, 2, 1, -2, 6, 0);
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).isCloseTo(expected[i], within(1e-12));
        }
        double[] hot = Sampler.distribution(LOGITS, Set.of(), params(2.0, 0, 1.0, 1.0, 0));
        assertThat(hot[4]).isLessThan(p[4]); // a higher temperature flattens the distribution
    }

    @Test
    void topKKeepsOnlyTheKMostLikelyTokensAndRenormalizes() {
        double[] p = Sampler.distribution(LOGITS, Set.of(), params(1.0, 2, 1.0, 1.0, 0));
        double[] expected = softmax(2, 3);
        assertThat(p[0]).isCloseTo(expected[0], within(1e-12));
        assertThat(p[4]).isCloseTo(expected[1], within(1e-12));
        assertThat(p[1] + p[2] + p[3] + p[5]).isZero();
    }

    @Test
    void topPKeepsTheSmallestSetWhoseMassReachesP() {
        double[] full = softmax(2, 1, 0.5, -1, 3, 0);
        // full[4] ≈ 0.574, full[0] ≈ 0.211: with top_p 0.7 both are needed, the rest are cut.
        double[] p = Sampler.distribution(LOGITS, Set.of(), params(1.0, 0, 0.7, 1.0, 0));
        double kept = full[4] + full[0];
        assertThat(p[4]).isCloseTo(full[4] / kept, within(1e-12));
        assertThat(p[0]).isCloseTo(full[0] / kept, within(1e-12));
        assertThat(p[1] + p[2] + p[3] + p[5]).isZero();
        // A tiny top_p still keeps the single most likely token.
        double[] one = Sampler.distribution(LOGITS, Set.of(), params(1.0, 0, 1e-6, 1.0, 0));
        assertThat(one[4]).isEqualTo(1.0);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        double[] p = Sampler.distribution(LOGITS, Set.of(0, 3), params(1.0, 0, 1.0, 2.0, 0));
        double[] expected = softmax(1.0, 1, 0.5, -2, 3, 0);
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void greedyPicksTheArgmaxAfterThePenalty() {
        Sampler greedy = new Sampler(params(1.0, 1, 1.0, 1.0, 42));
        assertThat(greedy.next(LOGITS, List.of())).isEqualTo(4);
        Sampler penalized = new Sampler(params(1.0, 1, 1.0, 2.0, 42));
        assertThat(penalized.next(LOGITS, List.of(4))).isEqualTo(0); // 3/2 = 1.5 < 2
    }

    @Test
    void aFixedSeedReproducesTheSameDrawsAndAnotherSeedDoesNot() {
        List<Integer> a = draws(7, 200);
        List<Integer> b = draws(7, 200);
        List<Integer> c = draws(8, 200);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void drawFrequenciesFollowTheDistribution() {
        SamplingParams sp = params(1.0, 3, 1.0, 1.0, 123);
        double[] expected = Sampler.distribution(LOGITS, Set.of(), sp);
        Sampler sampler = new Sampler(sp);
        int n = 40_000;
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < n; i++) {
            counts[sampler.next(LOGITS, Set.of())]++;
        }
        for (int i = 0; i < counts.length; i++) {
            // 5 standard deviations of a binomial proportion: never flaky, still catches a wrong distribution.
            double sd = Math.sqrt(expected[i] * (1 - expected[i]) / n);
            assertThat(counts[i] / (double) n).isCloseTo(expected[i], within(5 * sd + 1e-9));
        }
        assertThat(counts[2] + counts[3] + counts[5]).isZero(); // outside the top 3 (ids 4, 0, 1)
    }

    @Test
    void rejectsParametersThatDefineNoDistribution() {
        assertThatThrownBy(() -> params(0, 50, 0.85, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> params(0.7, 50, 0, 5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> params(0.7, 50, 0.85, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> draws(long seed, int n) {
        Sampler s = new Sampler(params(0.75, 50, 0.85, 5.0, seed));
        List<Integer> seen = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int t = s.next(LOGITS, seen);
            out.add(t);
            seen.add(t);
        }
        return out;
    }
}
