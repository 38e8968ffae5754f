package io.voicerouter.onnx;

import io.voicerouter.error.InvalidOptionException;
import io.voicerouter.spi.ProviderContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxOptionsTest {
    private static ProviderContext options(Map<String, String> o) {
        return ProviderContext.builder().options(o).environment(Map.of()).build();
    }

    @Test
    void everyOptionIsReadUnderTheProvidersIdOverItsDefaults() {
        SessionOptions defaults = SessionOptions.builder().device(Device.CPU).intraOpThreads(2).interOpThreads(1).build();
        assertThat(OnnxOptions.read(options(Map.of()), "xtts_v2", defaults)).isEqualTo(defaults);
        SessionOptions read = OnnxOptions.read(options(Map.of("xtts_v2.device", "auto", "xtts_v2.intra_op_threads", "3",
                "xtts_v2.inter_op_threads", "2", "xtts_v2.optimization", "Basic", "xtts_v2.spin_wait", "false",
                "piper.intra_op_threads", "9")), "xtts_v2", defaults);
        assertThat(read).isEqualTo(new SessionOptions(Device.AUTO, 3, 2, SessionOptions.OptimizationLevel.BASIC,
                true, true, false));
    }

    @Test
    void theOlderThreadsNameIsStillReadAndAConflictWithTheNewOneIsAnError() {
        SessionOptions defaults = SessionOptions.defaults();
        assertThat(OnnxOptions.read(options(Map.of("styletts2.threads", "4")), "styletts2", defaults).intraOpThreads())
                .isEqualTo(4);
        assertThat(OnnxOptions.read(options(Map.of("styletts2.threads", "4", "styletts2.intra_op_threads", "4")),
                "styletts2", defaults).intraOpThreads()).isEqualTo(4);
        assertThatThrownBy(() -> OnnxOptions.read(options(Map.of("styletts2.threads", "4",
                "styletts2.intra_op_threads", "2")), "styletts2", defaults))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("styletts2.threads")
                .hasMessageContaining("styletts2.intra_op_threads");
    }

    @Test
    void aBadValueNamesItsOption() {
        Map<String, String> bad = Map.of("styletts2.threads", "many", "styletts2.device", "tpu",
                "styletts2.optimization", "max", "styletts2.spin_wait", "often", "styletts2.inter_op_threads", "lots");
        bad.forEach((key, value) -> assertThatThrownBy(() -> OnnxOptions.read(options(Map.of(key, value)), "styletts2",
                SessionOptions.defaults()))
                .as(key).isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo(key))
                .hasMessageContaining(key));
        assertThatThrownBy(() -> OnnxOptions.read(options(Map.of("piper.device", "tpu")), "piper", SessionOptions.defaults()))
                .hasMessageContaining("'tpu'");
    }
}
