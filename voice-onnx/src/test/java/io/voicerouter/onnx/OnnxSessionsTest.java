package io.voicerouter.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxSessionsTest {
    @TempDir
    Path dir;

    static Path probe() throws URISyntaxException {
        return Path.of(OnnxSessionsTest.class.getResource("/probe.onnx").toURI());
    }

    @Test
    void oneSessionPerModelFileSharedAndClosedByTheLastReference() throws Exception {
        Path link = dir.resolve("alias.onnx");
        Files.createSymbolicLink(link, probe());
        try (OnnxSessions sessions = OnnxSessions.create(SessionOptions.builder().device("cpu").intraOpThreads(1).build())) {
            SharedSession a = sessions.acquire(probe());
            SharedSession b = sessions.acquire(link);
            assertThat(a.session()).isSameAs(b.session());
            assertThat(sessions.openSessions()).isEqualTo(1);
            assertThat(a.device()).isEqualTo("cpu");
            assertThat(a.inputNames()).contains("input", "input_lengths", "scales");
            a.close();
            a.close(); // a second close of the same reference gives nothing back twice
            assertThat(sessions.openSessions()).isEqualTo(1);
            b.close();
            assertThat(sessions.openSessions()).isZero();
            SharedSession c = sessions.acquire(probe());
            assertThat(c.session()).isNotSameAs(a.session());
        }
    }

    @Test
    void autoFallsBackToCpuWithoutTheGpuArtifact() throws Exception {
        try (OnnxSessions sessions = OnnxSessions.create(SessionOptions.defaults());
             SharedSession s = sessions.acquire(probe())) {
            String expected = OnnxSessions.cudaAvailable() ? "cuda:0" : "cpu";
            assertThat(s.device()).isEqualTo(expected);
            assertThat(sessions.device()).isEqualTo(expected);
        }
    }

    @Test
    void explicitCudaWithoutTheGpuArtifactIsAClearError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(OnnxSessions.cudaAvailable());
        try (OnnxSessions sessions = OnnxSessions.create(SessionOptions.builder().device("cuda:1").build())) {
            assertThatThrownBy(() -> sessions.acquire(probe()))
                    .isInstanceOf(DeviceUnavailableException.class)
                    .hasMessageContaining("onnxruntime_gpu");
        }
    }

    @Test
    void missingAndCorruptModelsAreTypedErrors() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        try (OnnxSessions sessions = OnnxSessions.create(SessionOptions.builder().device("cpu").build())) {
            assertThatThrownBy(() -> sessions.acquire(dir.resolve("none.onnx")))
                    .isInstanceOf(OnnxSessionException.class).hasMessageContaining("not found");
            assertThatThrownBy(() -> sessions.acquire(junk)).isInstanceOf(OnnxSessionException.class);
            assertThat(sessions.openSessions()).isZero();
        }
    }

    @Test
    void devicesParse() {
        assertThat(Device.parse("auto")).isEqualTo(Device.AUTO);
        assertThat(Device.parse("CPU")).isEqualTo(Device.CPU);
        assertThat(Device.parse("cuda")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse("cuda:2").toString()).isEqualTo("cuda:2");
        assertThatThrownBy(() -> Device.parse("tpu")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Device.parse("cuda:x")).isInstanceOf(IllegalArgumentException.class);
    }
}
