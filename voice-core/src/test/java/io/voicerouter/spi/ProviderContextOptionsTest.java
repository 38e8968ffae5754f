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
}
