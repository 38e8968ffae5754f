package io.voicerouter.cli;

import java.util.Arrays;

/** slf4j-simple reads its level once, so it must be set before the first logger exists. */
final class Logging {
    private Logging() {
    }

    static void configure(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    }
}
