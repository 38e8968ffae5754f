package io.voicerouter.samples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second process writing a sample into a store the way {@link SampleStore#put} does ({@link
 * SampleStore.Temp}, the same code), stopping halfway: it prints {@code WRITING <tmp path>}, waits for
 * a line on stdin, writes the rest, renames the file into place and prints {@code DONE}.
 *
 * <p>Arguments: folder sample-file target-file
 */
public final class HalfWrittenSample {
    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(args[1]));
        Path folder = Files.createDirectories(Path.of(args[0]));
        try (SampleStore.Temp tmp = SampleStore.Temp.create(folder, "half-")) {
            tmp.channel().write(ByteBuffer.wrap(bytes, 0, bytes.length / 2));
            System.out.println("WRITING " + tmp.path());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            tmp.channel().write(ByteBuffer.wrap(bytes, bytes.length / 2, bytes.length - bytes.length / 2));
            tmp.moveTo(Path.of(args[2]));
        }
        System.out.println("DONE");
    }
}
