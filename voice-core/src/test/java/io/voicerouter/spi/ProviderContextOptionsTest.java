package io.voicerouter.spi;

import io.voicerouter.error.InvalidOptionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderContextOptionsTest {
    private static ProviderContext with(String key, String value) {
        return ProviderContext.builder().option(key, value).build();
    }

    @Test
    void numbersAreWholeAndInRangeOrATypedErrorNamingTheOption() {
        assertThat(with("piper.intra_op_threads", " 4 ").intOption("piper.intra_op_threads", 0, 64)).contains(4);
        assertThat(ProviderContext.defaults().intOption("piper.intra_op_threads", 0, 64)).isEmpty();
        assertThatThrownBy(() -> with("piper.intra_op_threads", "four").intOption("piper.intra_op_threads", 0, 64))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("piper.intra_op_threads"))
                .hasMessageContaining("piper.intra_op_threads").hasMessageNotContaining("four");
        assertThatThrownBy(() -> with("x.n", "65").longOption("x.n", 0, 64)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("from 0 to 64");
        assertThatThrownBy(() -> with("x.n", "1.5").longOption("x.n", 0, 64)).isInstanceOf(InvalidOptionException.class);
    }

    @Test
    void booleansAreTrueOrFalseAndATypoIsAnError() {
        assertThat(with("piper.offline", "TRUE").booleanOption("piper.offline")).contains(true);
        assertThat(with("piper.offline", "false").booleanOption("piper.offline")).contains(false);
        assertThat(ProviderContext.defaults().booleanOption("piper.offline")).isEmpty();
        assertThatThrownBy(() -> with("piper.offline", "ture").booleanOption("piper.offline"))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo("piper.offline"));
    }

    @Test
    void aFlagIsTheStrictOptionElseTheEnvironmentVariableAsUsersWriteIt() {
        ProviderContext none = ProviderContext.builder().environment(java.util.Map.of()).build();
        assertThat(none.flag("piper.offline", "VOICEROUTER_OFFLINE")).isFalse();
        for (String on : new String[] {"1", "true", "YES"}) {
            assertThat(ProviderContext.builder().environment(java.util.Map.of("VOICEROUTER_OFFLINE", on)).build()
                    .flag("piper.offline", "VOICEROUTER_OFFLINE")).as(on).isTrue();
        }
        ProviderContext both = ProviderContext.builder().option("piper.offline", "false")
                .environment(java.util.Map.of("VOICEROUTER_OFFLINE", "1")).build();
        assertThat(both.flag("piper.offline", "VOICEROUTER_OFFLINE")).as("the option wins").isFalse();
        assertThatThrownBy(() -> ProviderContext.builder().environment(java.util.Map.of("VOICEROUTER_OFFLINE", "maybe"))
                .build().flag("piper.offline", "VOICEROUTER_OFFLINE"))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo("VOICEROUTER_OFFLINE"));
        assertThatThrownBy(() -> with("piper.offline", "yes please").flag("piper.offline", "VOICEROUTER_OFFLINE"))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo("piper.offline"));
    }

    @Test
    void directoriesAreTheOptionElseTheEnvironmentElseUnderTheDataDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) {
        ProviderContext plain = ProviderContext.builder().dataDirectory(data).environment(java.util.Map.of()).build();
        assertThat(plain.directory("xtts_v2.model_dir", "models", "xtts_v2")).isEqualTo(data.resolve("models/xtts_v2"));
        assertThat(plain.directoryOrEnvironment("xtts_v2.model_dir", "XTTS_V2_MODEL_DIR", "models", "xtts_v2"))
                .isEqualTo(data.resolve("models/xtts_v2"));
        ProviderContext env = ProviderContext.builder().dataDirectory(data)
                .environment(java.util.Map.of("XTTS_V2_MODEL_DIR", "/opt/xtts")).build();
        assertThat(env.directoryOrEnvironment("xtts_v2.model_dir", "XTTS_V2_MODEL_DIR", "models", "xtts_v2"))
                .isEqualTo(java.nio.file.Path.of("/opt/xtts"));
        ProviderContext option = ProviderContext.builder().dataDirectory(data).option("xtts_v2.model_dir", "/srv/m")
                .environment(java.util.Map.of("XTTS_V2_MODEL_DIR", "/opt/xtts")).build();
        assertThat(option.directoryOrEnvironment("xtts_v2.model_dir", "XTTS_V2_MODEL_DIR", "models")).isEqualTo(java.nio.file.Path.of("/srv/m"));
        assertThatThrownBy(() -> with("piper.voices_dir", "bad\u0000path").directory("piper.voices_dir", "piper"))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option()).isEqualTo("piper.voices_dir"))
                .hasMessageNotContaining("bad");
    }
}
