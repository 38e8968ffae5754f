package io.voicerouter.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static io.voicerouter.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edits of one personality at the same moment: two servers on one database (a SQLite file; a
 * PostgreSQL database where it is installed) taking concurrent sample uploads and starting at once on
 * an empty database; revisions as ETags and If-Match; a sample delete racing an upload of the same bytes.
 * Two servers in one JVM share nothing but the database, as two processes would.
 */
class ConcurrentEditsTest {
    private static final String CONFIG = "{\"active_provider\": \"espeak\", \"providers\": {\"espeak\": {\"enabled\": true}}}";
    private static final String FASTER = "{\"active_provider\": \"espeak\", \"providers\": {\"espeak\": "
            + "{\"enabled\": true, \"settings\": {\"rate\": 220}}}}";

    @TempDir
    Path dir;

    @Test
    void twoServersOnOneSqliteFileGenerateOneAdminKeyAndKeepEveryConcurrentUpload() throws Exception {
        twoServers("jdbc:sqlite:" + dir.resolve("shared.db"));
    }

    @Test
    void twoServersOnOnePostgresDatabaseGenerateOneAdminKeyAndKeepEveryConcurrentUpload() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) { // skips the test where PostgreSQL is not installed
            twoServers(pg.createDatabase());
        }
    }

    private void twoServers(String url) throws Exception {
        // Both start at once on an empty database without $VOICEROUTER_API_KEY: one generates the admin key.
        CompletableFuture<TestServer> startA = CompletableFuture.supplyAsync(
                () -> TestServer.startWithoutAdminKey(dir.resolve("a"), b -> b.storeUrl(url)));
        CompletableFuture<TestServer> startB = CompletableFuture.supplyAsync(
                () -> TestServer.startWithoutAdminKey(dir.resolve("b"), b -> b.storeUrl(url)));
        try (TestServer a = startA.get(120, TimeUnit.SECONDS); TestServer b = startB.get(120, TimeUnit.SECONDS)) {
            List<String> generated = new ArrayList<>();
            a.server.generatedAdminKey().ifPresent(generated::add);
            b.server.generatedAdminKey().ifPresent(generated::add);
            assertThat(generated).as("exactly one server generated (and would print) an admin key").hasSize(1);
            assertThat(a.server.store().apiKeys()).filteredOn(k -> k.scopes().contains("admin")).hasSize(1);
            String key = generated.get(0);
            assertThat(a.get("/api/keys", key).statusCode()).isEqualTo(200);
            assertThat(b.get("/api/keys", key).statusCode()).isEqualTo(200);

            assertThat(a.putJson("/api/personalities/choir", key, CONFIG).statusCode()).isEqualTo(201);
            List<String> names = List.of("downloaded.wav", "exit.wav", "gpuavailable.wav", "starting.wav",
                    "success.wav", "waiting.wav");
            Set<String> hashes = new HashSet<>();
            List<Future<HttpResponse<byte[]>>> uploads = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                TestServer to = i % 2 == 0 ? a : b;
                byte[] bytes = SampleUploadTest.resource(names.get(i));
                hashes.add(sha256(bytes));
                String name = names.get(i);
                uploads.add(CompletableFuture.supplyAsync(
                        () -> SampleUploadTest.upload(to, "choir", name, bytes, key)));
            }
            for (Future<HttpResponse<byte[]>> f : uploads) {
                HttpResponse<byte[]> r = f.get(180, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
                assertThat(r.headers().firstValue("ETag")).isPresent();
            }
            JsonNode samples = json(b.get("/api/personalities/choir", key)).path("voice_samples");
            assertThat(samples).as("every upload, from either server, kept its entry").hasSize(names.size());
            assertThat(samples.findValuesAsText("id")).doesNotHaveDuplicates();
            assertThat(new HashSet<>(samples.findValuesAsText("sha256"))).isEqualTo(hashes);
        }
    }

    @Test
    void theRevisionIsAnETagThatPutHonoursInIfMatchAndUploadsAndDeletesChange() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            HttpResponse<byte[]> created = s.putJson("/api/personalities/editor", ADMIN_KEY, CONFIG);
            assertThat(created.statusCode()).isEqualTo(201);
            String v1 = etag(created);
            assertThat(v1).matches("\"[0-9a-f]{32}\"");
            HttpResponse<byte[]> read = s.get("/api/personalities/editor", ADMIN_KEY);
            assertThat(etag(read)).isEqualTo(v1);

            // A matching If-Match replaces; the answer carries the new revision.
            HttpResponse<byte[]> replaced = put(s, "editor", FASTER, v1);
            assertThat(replaced.statusCode()).as(TestServer.text(replaced)).isEqualTo(200);
            String v2 = etag(replaced);
            assertThat(v2).isNotEqualTo(v1).isEqualTo(etag(s.get("/api/personalities/editor", ADMIN_KEY)));

            // A stale one is 412 in the server's error shape, and nothing changes.
            HttpResponse<byte[]> stale = put(s, "editor", CONFIG, v1);
            assertPreconditionFailed(stale);
            assertThat(json(stale).path("error").path("message").asText()).contains(v2).contains(v1);
            assertThat(etag(s.get("/api/personalities/editor", ADMIN_KEY))).isEqualTo(v2);

            // An upload changes the revision: an editor holding the copy from before cannot drop the sample.
            HttpResponse<byte[]> uploaded = SampleUploadTest.upload(s, "editor", "exit.wav",
                    SampleUploadTest.resource("exit.wav"), ADMIN_KEY);
            assertThat(uploaded.statusCode()).as(TestServer.text(uploaded)).isEqualTo(201);
            String v3 = etag(uploaded);
            assertThat(v3).isNotEqualTo(v2).isEqualTo(etag(s.get("/api/personalities/editor", ADMIN_KEY)));
            assertPreconditionFailed(put(s, "editor", FASTER, v2));
            assertThat(json(s.get("/api/personalities/editor", ADMIN_KEY)).path("voice_samples")).hasSize(1);

            // Strong comparison: a weak tag never matches. A list matches when one of its tags does; * when it exists.
            assertPreconditionFailed(put(s, "editor", FASTER, "W/" + v3));
            String current = TestServer.text(s.get("/api/personalities/editor", ADMIN_KEY));
            HttpResponse<byte[]> listed = put(s, "editor", current, v1 + ", " + v3);
            assertThat(listed.statusCode()).as(TestServer.text(listed)).isEqualTo(200);
            assertThat(etag(listed)).as("the same config again: nothing written").isEqualTo(v3);
            assertThat(put(s, "editor", current, "*").statusCode()).isEqualTo(200);
            assertPreconditionFailed(put(s, "nobody", CONFIG, "*"));
            assertThat(s.get("/api/personalities/nobody", ADMIN_KEY).statusCode()).as("If-Match never creates").isEqualTo(404);
            HttpResponse<byte[]> malformed = put(s, "editor", CONFIG, "not-quoted");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(json(malformed).path("error").path("param").asText()).isEqualTo("If-Match");

            // The sample delete answers the new revision too.
            String before = etag(s.get("/api/personalities/editor", ADMIN_KEY));
            HttpResponse<byte[]> deleted = s.delete("/api/personalities/editor/samples/sample_1", ADMIN_KEY);
            assertThat(deleted.statusCode()).as(TestServer.text(deleted)).isEqualTo(200);
            assertThat(etag(deleted)).isNotEqualTo(before).isEqualTo(etag(s.get("/api/personalities/editor", ADMIN_KEY)));

            // Without If-Match the last writer wins, as before.
            HttpResponse<byte[]> blind = s.putJson("/api/personalities/editor", ADMIN_KEY, CONFIG);
            assertThat(blind.statusCode()).isEqualTo(200);
            assertThat(etag(blind)).isEqualTo(etag(s.get("/api/personalities/editor", ADMIN_KEY)));
        }
    }

    @Test
    void aDeleteAndAnUploadOfTheSameBytesAtOnceKeepTheFileThatIsReferenced() throws Exception {
        byte[] wav = SampleUploadTest.resource("exit.wav");
        try (TestServer s = TestServer.start(dir.resolve("race"))) {
            ReentrantLock fileLock = s.server.state().samples.fileLock(sha256(wav));
            for (boolean deleteFirst : new boolean[] {true, false}) {
                String owner = "owner-" + deleteFirst;
                String other = "other-" + deleteFirst;
                assertThat(s.putJson("/api/personalities/" + owner, ADMIN_KEY, CONFIG).statusCode()).isEqualTo(201);
                assertThat(s.putJson("/api/personalities/" + other, ADMIN_KEY, CONFIG).statusCode()).isEqualTo(201);
                assertThat(SampleUploadTest.upload(s, owner, "exit.wav", wav, ADMIN_KEY).statusCode()).isEqualTo(201);

                // The owner's sample is the file's only reference. Its delete (entry removed, then the
                // file checked) and another personality's upload of the same bytes (file stored, then
                // its entry added) meet at the file's lock, held here until both wait, in a chosen order.
                CompletableFuture<HttpResponse<byte[]>> delete;
                CompletableFuture<HttpResponse<byte[]>> upload;
                fileLock.lock();
                try {
                    if (deleteFirst) {
                        delete = CompletableFuture.supplyAsync(() -> s.delete("/api/personalities/" + owner + "/samples/sample_1", ADMIN_KEY));
                        await(() -> fileLock.getQueueLength() == 1);
                        upload = CompletableFuture.supplyAsync(() -> SampleUploadTest.upload(s, other, "exit.wav", wav, ADMIN_KEY));
                    } else {
                        upload = CompletableFuture.supplyAsync(() -> SampleUploadTest.upload(s, other, "exit.wav", wav, ADMIN_KEY));
                        await(() -> fileLock.getQueueLength() == 1);
                        delete = CompletableFuture.supplyAsync(() -> s.delete("/api/personalities/" + owner + "/samples/sample_1", ADMIN_KEY));
                    }
                    await(() -> fileLock.getQueueLength() == 2);
                } finally {
                    fileLock.unlock();
                }
                HttpResponse<byte[]> deleted = delete.get(120, TimeUnit.SECONDS);
                HttpResponse<byte[]> uploaded = upload.get(120, TimeUnit.SECONDS);
                assertThat(deleted.statusCode()).as(TestServer.text(deleted)).isEqualTo(200);
                assertThat(uploaded.statusCode()).as(TestServer.text(uploaded)).isEqualTo(201);
                // Delete first: no reference yet, the file goes, and the upload stores it again.
                // Upload first: its entry refers to the file, so the delete keeps it.
                assertThat(json(deleted).path("file_deleted").asBoolean()).isEqualTo(deleteFirst);
                String id = json(uploaded).path("sample").path("id").asText();
                HttpResponse<byte[]> audio = s.get("/api/personalities/" + other + "/samples/" + id + "/audio", ADMIN_KEY);
                assertThat(audio.statusCode()).as("the referenced file is there").isEqualTo(200);
                assertThat(audio.body()).isEqualTo(wav);

                // Cleaning up: the last reference's delete removes the file.
                assertThat(json(s.delete("/api/personalities/" + other + "/samples/" + id, ADMIN_KEY))
                        .path("file_deleted").asBoolean()).isTrue();
            }
        }
    }

    /**
     * The counts are the server's: speaking does not change the ETag (an editor's If-Match still
     * holds), and a PUT's stats, stale or made up, with or without If-Match, never change them; a POST
     * that creates a personality seeds them. Then two servers on one database take speech and stale
     * edits at once and count every line.
     */
    @Test
    void speakingKeepsTheETagAndNoPutChangesTheCountsFromOneOrTwoServers() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("counts.db");
        try (TestServer a = TestServer.start(dir.resolve("a"), b -> b.storeUrl(url));
             TestServer b = TestServer.start(dir.resolve("b"), c -> c.storeUrl(url))) {
            HttpResponse<byte[]> created = a.putJson("/api/personalities/talker", ADMIN_KEY, CONFIG);
            assertThat(created.statusCode()).isEqualTo(201);
            String v1 = etag(created);
            String staleCopy = TestServer.text(created);
            speak(a, "talker", 0);
            await(() -> generations(b, "talker") == 1);
            HttpResponse<byte[]> afterSpeech = b.get("/api/personalities/talker", ADMIN_KEY);
            assertThat(etag(afterSpeech)).as("speaking changes no ETag").isEqualTo(v1);

            // An edit based on the copy from before the line: If-Match holds, and the count stays.
            HttpResponse<byte[]> edited = put(b, "talker", FASTER, v1);
            assertThat(edited.statusCode()).as(TestServer.text(edited)).isEqualTo(200);
            assertThat(json(edited).path("stats").path("espeak").path("total_generations").asLong()).isEqualTo(1);
            // A stale copy sent back without If-Match (its stats say nothing was spoken), and made-up stats.
            assertThat(a.putJson("/api/personalities/talker", ADMIN_KEY, staleCopy).statusCode()).isEqualTo(200);
            String madeUp = "{\"active_provider\": \"espeak\", \"providers\": {\"espeak\": {\"enabled\": true}}, "
                    + "\"stats\": {\"espeak\": {\"total_generations\": 999, \"total_characters\": 1}}}";
            HttpResponse<byte[]> ignored = a.putJson("/api/personalities/talker", ADMIN_KEY, madeUp);
            assertThat(ignored.statusCode()).isEqualTo(200);
            assertThat(json(ignored).path("stats").path("espeak").path("total_generations").asLong())
                    .as("the 200 answer shows the counts as kept").isEqualTo(1);
            assertThat(generations(b, "talker")).isEqualTo(1);

            // A creation seeds them.
            HttpResponse<byte[]> seeded = a.postJson("/api/personalities/seeded", ADMIN_KEY, madeUp);
            assertThat(seeded.statusCode()).isEqualTo(201);
            assertThat(generations(b, "seeded")).isEqualTo(999);

            // Speech on both servers while both take stale edits: every line counted once.
            int lines = 6;
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                TestServer to = i % 2 == 0 ? a : b;
                int n = i + 1;
                work.add(CompletableFuture.runAsync(() -> speak(to, "talker", n)));
                work.add(CompletableFuture.runAsync(() -> assertThat((n % 2 == 0 ? b : a).putJson(
                        "/api/personalities/talker", ADMIN_KEY, n % 3 == 0 ? madeUp : staleCopy).statusCode()).isEqualTo(200)));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
            await(() -> generations(a, "talker") == 1 + lines);
            Thread.sleep(200);
            assertThat(generations(b, "talker")).isEqualTo(1 + lines);
        }
    }

    private static void speak(TestServer s, String voice, int n) {
        HttpResponse<byte[]> r = s.postJson("/v1/audio/speech", ADMIN_KEY, "{\"model\": \"tts-1\", \"voice\": \""
                + voice + "\", \"response_format\": \"wav\", \"input\": \"Line number " + n + ".\"}");
        assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    }

    private static long generations(TestServer s, String id) {
        return json(s.get("/api/personalities/" + id, ADMIN_KEY)).path("stats").path("espeak").path("total_generations").asLong();
    }

    private static HttpResponse<byte[]> put(TestServer s, String id, String body, String ifMatch) {
        return s.send(s.request("/api/personalities/" + id, ADMIN_KEY).header("Content-Type", "application/json")
                .header("If-Match", ifMatch).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertPreconditionFailed(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(412);
        JsonNode err = json(r).path("error");
        assertThat(err.path("code").asText()).isEqualTo("precondition_failed");
        assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(err.path("param").asText()).isEqualTo("If-Match");
        assertThat(err.path("message").asText()).isNotBlank();
    }

    private static String etag(HttpResponse<byte[]> r) {
        return r.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + r));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for the condition").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
