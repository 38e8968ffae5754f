package io.voicerouter.cli;

import java.util.Arrays;

/** slf4j-simple reads its level once, so it must be set before the first logger exists. */
final class Logging {
    private Logging() {
    }

    static void configure(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        // A server's log is its console: where it listens, which providers it could not start and why.
        // The other commands print their own results and keep the log to warnings.
        boolean serve = args.length > 0 && args[0].equals("serve");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : serve ? "info" : "warn");
        if (serve && !verbose) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    }
}
