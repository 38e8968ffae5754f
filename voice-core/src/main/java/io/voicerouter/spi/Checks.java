package io.voicerouter.spi;

import java.math.BigDecimal;

final class Checks {
    private Checks() {
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof String s ? "\"" + s + "\"" : value.toString();
    }

    static String num(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
