package io.voicerouter.provider.xtts;

/**
 * English number words as the {@code num2words} package writes them, which XTTS's cleaners call:
 * "one thousand, two hundred and thirty-four", "twenty-first", "three point one four".
 */
final class EnglishNumbers {
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};
    private static final long[] SCALES = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    private static final String[] SCALE_NAMES = {"trillion", "billion", "million", "thousand"};

    private EnglishNumbers() {
    }

    static String cardinal(long n) {
        if (n < 0) {
            return "minus " + cardinal(-n);
        }
        if (n < 20) {
            return ONES[(int) n];
        }
        if (n < 100) {
            return TENS[(int) (n / 10)] + (n % 10 == 0 ? "" : "-" + ONES[(int) (n % 10)]);
        }
        if (n < 1000) {
            return ONES[(int) (n / 100)] + " hundred" + (n % 100 == 0 ? "" : " and " + cardinal(n % 100));
        }
        for (int i = 0; i < SCALES.length; i++) {
            if (n >= SCALES[i]) {
                long high = n / SCALES[i];
                long rest = n % SCALES[i];
                String head = cardinal(high) + " " + SCALE_NAMES[i];
                if (rest == 0) {
                    return head;
                }
                return head + (rest < 100 ? " and " : ", ") + cardinal(rest);
            }
        }
        throw new AssertionError(n);
    }

    /**
     * A run of ASCII digits from the text as words: a cardinal up to 15 digits, digit by digit beyond
     * (a long cannot hold every run a text may have: "99999999999999999999th" used to throw).
     */
    static String cardinalDigits(String digits) {
        if (digits.length() <= 15) {
            return cardinal(Long.parseLong(digits));
        }
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            sb.append(sb.length() == 0 ? "" : " ").append(ONES[c - '0']);
        }
        return sb.toString();
    }

    /** An ordinal for a run of digits; digit by digit, as {@link #cardinalDigits}, beyond 15 digits. */
    static String ordinalDigits(String digits) {
        return digits.length() <= 15 ? ordinal(Long.parseLong(digits)) : cardinalDigits(digits);
    }

    static String ordinal(long n) {
        String words = cardinal(n);
        int cut = Math.max(words.lastIndexOf(' '), words.lastIndexOf('-')) + 1;
        String last = words.substring(cut);
        String head = words.substring(0, cut);
        String ord = switch (last) {
            case "one" -> "first";
            case "two" -> "second";
            case "three" -> "third";
            case "five" -> "fifth";
            case "eight" -> "eighth";
            case "nine" -> "ninth";
            case "twelve" -> "twelfth";
            default -> last.endsWith("y") ? last.substring(0, last.length() - 1) + "ieth" : last + "th";
        };
        return head + ord;
    }

    /** "3.14" -> "three point one four" (digits after the point one by one, as num2words does for floats). */
    static String decimal(String integerPart, String fraction) {
        StringBuilder sb = new StringBuilder(cardinalDigits(integerPart)).append(" point");
        for (char c : fraction.toCharArray()) {
            sb.append(' ').append(ONES[c - '0']);
        }
        return sb.toString();
    }
}
