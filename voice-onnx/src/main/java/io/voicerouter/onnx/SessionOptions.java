package io.voicerouter.onnx;

import java.util.Objects;

/**
 * How {@link OnnxSessions} creates ONNX Runtime sessions. The defaults suit a server that runs
 * several requests at once: each session may use every core for one operator ({@code intraOpThreads}
 * 0 = ONNX Runtime's choice), operators run one after another, all graph optimizations are on, and
 * the CPU arena and memory pattern planner are on (faster repeated runs of similar length, at the cost
 * of memory that is kept for reuse).
 *
 * @param device              where to run
 * @param intraOpThreads      threads inside one operator; 0 lets ONNX Runtime decide
 * @param interOpThreads      threads across independent operators; 0 lets ONNX Runtime decide
 * @param optimizationLevel   graph optimizations applied when the session is created
 * @param memoryPattern       reuse the memory plan between runs (helps fixed-size inputs)
 * @param cpuArena            keep freed CPU memory in an arena for reuse instead of returning it
 * @param spinWait            let idle intra-op threads spin for a moment before sleeping (ONNX
 *                            Runtime's default): lower latency for one request, but wasted CPU when
 *                            more requests run at once than there are cores
 */
public record SessionOptions(Device device, int intraOpThreads, int interOpThreads,
                             OptimizationLevel optimizationLevel, boolean memoryPattern, boolean cpuArena,
                             boolean spinWait) {

    /** ONNX Runtime's graph optimization levels. */
    public enum OptimizationLevel { NONE, BASIC, EXTENDED, ALL }

    public SessionOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(optimizationLevel, "optimizationLevel");
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be 0 (automatic) or positive");
        }
    }

    public static SessionOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().device(device).intraOpThreads(intraOpThreads).interOpThreads(interOpThreads)
                .optimizationLevel(optimizationLevel).memoryPattern(memoryPattern).cpuArena(cpuArena)
                .spinWait(spinWait);
    }

    public static final class Builder {
        private Device device = Device.AUTO;
        private int intraOpThreads;
        private int interOpThreads;
        private OptimizationLevel optimizationLevel = OptimizationLevel.ALL;
        private boolean memoryPattern = true;
        private boolean cpuArena = true;
        private boolean spinWait = true;

        private Builder() {
        }

        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device);
            return this;
        }

        /** Same as {@code device(Device.parse(device))}. */
        public Builder device(String device) {
            return device(Device.parse(device));
        }

        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        public Builder interOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        public Builder optimizationLevel(OptimizationLevel level) {
            this.optimizationLevel = Objects.requireNonNull(level);
            return this;
        }

        public Builder memoryPattern(boolean on) {
            this.memoryPattern = on;
            return this;
        }

        public Builder cpuArena(boolean on) {
            this.cpuArena = on;
            return this;
        }

        public Builder spinWait(boolean on) {
            this.spinWait = on;
            return this;
        }

        public SessionOptions build() {
            return new SessionOptions(device, intraOpThreads, interOpThreads, optimizationLevel, memoryPattern,
                    cpuArena, spinWait);
        }
    }
}
