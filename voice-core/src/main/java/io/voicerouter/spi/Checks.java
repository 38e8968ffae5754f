package io.voicerouter.spi;

import java.math.BigDecimal;

final class Checks {
    private Checks() {
    }

    static String num(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
