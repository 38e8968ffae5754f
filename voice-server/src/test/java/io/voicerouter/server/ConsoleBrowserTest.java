package io.voicerouter.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console end to end in a real headless Chromium against a real server (espeak, SQLite, the
 * sample analyzer): one shop owner's path through every page, in order, with one browser for the
 * class. Each page is saved as a PNG under target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final String ID = "shopkeeper";

    @TempDir
    static Path temp;
    private TestServer server;
    private ChromeDriver browser;
    private WebDriverWait wait;

    /** On a failure, the page as it was: a screenshot and its text, for whoever reads the report. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher onFailure = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (browser != null) {
                Path shot = Browser.screenshot(browser, "failed-" + context.getRequiredTestMethod().getName());
                System.err.println("Console test failed; the page is in " + shot + "; its text:\n"
                        + browser.findElement(By.tagName("body")).getText());
            }
        }
    };

    @BeforeAll
    void start() {
        server = TestServer.start(temp.resolve("data"));
        browser = Browser.start(temp.resolve("chromium-profile"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private String url(String hash) {
        return server.uri("/") + hash;
    }

    /** Loads the page afresh at {@code hash} (the key stays: session storage lives as long as the tab). */
    private void open(String hash) {
        browser.get("about:blank");
        browser.get(url(hash));
    }

    private WebElement el(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private void waitText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    private List<String> chain() {
        return browser.findElements(By.cssSelector("#chain li[data-provider]")).stream()
                .map(e -> e.getAttribute("data-provider")).toList();
    }

    private JsonNode personality() {
        return TestServer.json(server.get("/api/personalities/" + ID, TestServer.ADMIN_KEY));
    }

    /**
     * Saves the page as a PNG and checks it with axe-core against WCAG 2.1 A and AA (contrast,
     * labels, names, landmarks, ARIA use): any violation fails the test, listed with its elements.
     */
    private void reviewPage(String name) {
        Browser.screenshot(browser, name);
        com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        StringBuilder found = new StringBuilder();
        for (com.deque.html.axecore.results.Rule rule : results.getViolations()) {
            found.append(rule.getId()).append(" (").append(rule.getImpact()).append("): ").append(rule.getHelp());
            rule.getNodes().stream().limit(5).forEach(n -> found.append("\n    ").append(n.getTarget())
                    .append(" ").append(n.getFailureSummary() == null ? "" : n.getFailureSummary().replace('\n', ' ')));
            found.append('\n');
        }
        assertThat(found.toString()).as("axe-core's WCAG 2.1 AA violations on " + name).isEmpty();
        assertThat(results.getPasses().stream().map(com.deque.html.axecore.results.Rule::getId))
                .as("axe ran its checks").contains("color-contrast", "label");
        System.out.println("axe on " + name + ": " + results.getPasses().size() + " rules pass, incomplete: "
                + results.getIncomplete().stream().map(com.deque.html.axecore.results.Rule::getId).toList());
    }

    /** Clicks like a user who scrolled it to the middle first (the save bar sticks to the window's bottom). */
    private void click(String css) {
        WebElement e = el(css);
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    private void altArrow(WebElement row, Keys arrow) {
        browser.executeScript("arguments[0].focus()", row);
        new Actions(browser).keyDown(Keys.ALT).sendKeys(arrow).keyUp(Keys.ALT).perform();
    }

    @Test
    @Order(1)
    void asksForTheKeyKeepsItInTheTabOnlyAndCreatesAPersonality() {
        open("#/personalities");
        waitText("h1", "Enter the admin key");
        // A wrong key: the server's 401 is said plainly, on the page and by the key field.
        el("#admin-key").sendKeys("not-the-key-0123456789");
        el("#key-save").click();
        waitText("main .error", "The admin key is missing or not valid");
        waitText("#key-status", "The server refused this key.");
        el("#admin-key").sendKeys(TestServer.ADMIN_KEY);
        el("#key-save").click();
        waitText("h1", "Personalities");
        assertThat(el("#no-personalities").getText()).contains("None yet");
        // The key is in this tab's session storage only: not in the URL, not in local storage, not in the field.
        assertThat(browser.getCurrentUrl()).doesNotContain(TestServer.ADMIN_KEY);
        assertThat(browser.executeScript("return sessionStorage.getItem('voicerouter.adminKey')")).isEqualTo(TestServer.ADMIN_KEY);
        assertThat(browser.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(el("#admin-key").getAttribute("value")).isEmpty();

        // An id the server would refuse is refused in the browser, at its field.
        el("#new-id").sendKeys("shop keeper!");
        el("#create").click();
        waitText("#new-id-error", "letters, digits");
        assertThat(el("#new-id").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(server.get("/api/personalities", TestServer.ADMIN_KEY).body()).asString().doesNotContain("shop");

        el("#new-id").clear();
        el("#new-id").sendKeys(ID);
        assertThat(el("#new-model").getAttribute("value")).isEqualTo("espeak");
        el("#create").click();
        waitText("h1", "Voice: " + ID);
        assertThat(browser.getCurrentUrl()).endsWith("#/p/" + ID + "/voice");
        assertThat(personality().path("active_provider").asText()).isEqualTo("espeak");

        // A taken id: the server's 409 is shown at the id field.
        open("#/personalities");
        el("#personalities tr[data-id='" + ID + "']");
        el("#new-id").sendKeys(ID);
        el("#create").click();
        waitText("#new-id-error", "exists already");
        reviewPage("1-personalities");
    }

    @Test
    @Order(2)
    void picksAModelAndReordersTheChainWithMouseAndKeyboard() {
        open("#/p/" + ID + "/voice");
        waitText("h1", "Voice: " + ID);
        // Cards: espeak is installed and usable; piper is known but not installed here, and says why.
        WebElement espeak = el(".model-card[data-provider='espeak']");
        assertThat(espeak.getText()).contains("Available now").contains("No (pre-made voices only)").contains("local");
        assertThat(el("#model-espeak").isSelected()).isTrue();
        WebElement piper = el(".model-card[data-provider='piper']");
        assertThat(piper.getText()).contains("Not installed on this server").contains("io.voicerouter:voice-provider-piper");
        assertThat(el(".model-card[data-provider='xtts_v2']").getText()).contains("Yes, from a 6-30 s sample");
        assertThat(el(".model-card[data-provider='google_tts']").getText()).contains("cloud");

        // Speed measured on this host, now, through the router.
        el("#measure-espeak").click();
        waitText("#speed-espeak", "Measured just now");
        assertThat(el("#speed-espeak").getText()).matches("\\d+ ms for [0-9.]+ s of speech \\([0-9.]+× real time\\); first run \\d+ ms\\. Measured just now\\.");
        assertThat(browser.findElements(By.id("measure-piper"))).as("nothing to measure: not installed").isEmpty();

        // Picking piper makes it active and puts it first in the chain.
        browser.findElement(By.cssSelector("label[for='model-piper']")).click();
        assertThat(el("#model-piper").isSelected()).isTrue();
        assertThat(el("#active-summary").getText()).isEqualTo("Active model: Piper TTS (not installed here)");
        assertThat(chain()).containsExactly("piper", "espeak");

        // Keyboard: Alt+Up on espeak's row moves it up, and focus stays on the moved row.
        altArrow(el("#chain li[data-provider='espeak']"), Keys.ARROW_UP);
        assertThat(chain()).containsExactly("espeak", "piper");
        assertThat(browser.executeScript("return document.activeElement.dataset.provider")).isEqualTo("espeak");
        altArrow(el("#chain li[data-provider='espeak']"), Keys.ARROW_DOWN);
        assertThat(chain()).containsExactly("piper", "espeak");
        assertThat(browser.executeScript("return document.getElementById('toast').textContent"))
                .isEqualTo("eSpeak NG moved to position 2 of 2");

        // Mouse: drag espeak's row above piper's.
        WebElement from = el("#chain li[data-provider='espeak'] .grip");
        WebElement to = el("#chain li[data-provider='piper']");
        new Actions(browser).clickAndHold(from).moveByOffset(0, -4).moveToElement(to, 0, -to.getSize().height / 2 + 2)
                .release().perform();
        assertThat(chain()).containsExactly("espeak", "piper");

        // The buttons, and add / remove.
        el("#chain li[data-provider='piper'] button[data-part='up']").click();
        assertThat(chain()).containsExactly("piper", "espeak");
        new org.openqa.selenium.support.ui.Select(el("#chain-add-select")).selectByValue("google_tts");
        el("#chain-add").click();
        assertThat(chain()).containsExactly("piper", "espeak", "google_tts");
        el("#chain li[data-provider='google_tts'] button[data-part='remove']").click();
        assertThat(chain()).containsExactly("piper", "espeak");

        el("#save").click();
        waitText("#save-status", "Saved.");
        JsonNode saved = personality();
        assertThat(saved.path("active_provider").asText()).isEqualTo("piper");
        assertThat(saved.path("fallback_chain").toString()).isEqualTo("[\"piper\",\"espeak\"]");
        assertThat(saved.path("providers").has("google_tts")).as("added and removed again: no entry left").isFalse();
        // The page goes on from what was saved: a second edit and save on it lands too.
        el("#set-espeak-pitch").sendKeys("60");
        el("#save").click();
        wait.until(d -> personality().path("providers").path("espeak").path("settings").path("pitch").asInt() == 60);
        reviewPage("2-voice");
    }

    @Test
    @Order(3)
    void showsEveryProblemAtItsFieldFromTheBrowserAndFromTheServer() {
        open("#/p/" + ID + "/voice");
        WebElement rate = el("#set-espeak-rate");
        assertThat(rate.getAttribute("min")).isEqualTo("80");
        assertThat(rate.getAttribute("max")).isEqualTo("450");
        assertThat(el("#set-espeak-rate-help").getText()).contains("words per minute").contains("from 80 to 450");

        // Out of range: the browser says so at the field as it is typed, and saving sends nothing.
        rate.sendKeys("999");
        waitText("#set-espeak-rate-error", "from 80 to 450");
        assertThat(rate.getAttribute("aria-invalid")).isEqualTo("true");
        el("#save").click();
        waitText("#problems", "Fix 1 problem before saving");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("set-espeak-rate");
        assertThat(personality().path("providers").path("espeak").path("settings").has("rate")).isFalse();

        // A problem only the server can see (espeak-ng has no such voice) comes back 422 and lands at its field.
        rate.clear();
        rate.sendKeys("200");
        assertThat(browser.findElement(By.id("set-espeak-rate-error")).getAttribute("textContent")).isEmpty();
        el("#set-espeak-voice").sendKeys("zzz-no-voice");
        el("#save").click();
        waitText("#problems", "The server found");
        WebElement voiceError = el("#set-espeak-voice-error");
        assertThat(voiceError.getText()).isNotBlank();
        assertThat(el("#set-espeak-voice").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(el("#problems").getText()).contains("providers.espeak.settings.voice");
        reviewPage("3-voice-errors");
        assertThat(personality().path("providers").path("espeak").path("settings").has("voice")).isFalse();

        // Fixed: saved, and the server has the new value.
        el("#set-espeak-voice").clear();
        el("#set-espeak-voice").sendKeys("en-us");
        new org.openqa.selenium.support.ui.Select(el("#primary-language")).selectByValue("en");
        click("#lang-de");
        el("#save").click();
        waitText("#save-status", "Saved.");
        JsonNode espeak = personality().path("providers").path("espeak");
        assertThat(espeak.path("settings").path("rate").asInt()).isEqualTo(200);
        assertThat(espeak.path("settings").path("voice").asText()).isEqualTo("en-us");
        assertThat(personality().path("languages").path("supported").toString()).contains("\"de\"");

        // The language table: the seed's 26, with the providers that cover each.
        assertThat(browser.findElements(By.cssSelector("#languages tbody tr"))).hasSize(26);
        assertThat(el("#languages tr[data-code='de']").getText()).contains("eSpeak");
    }

    @Test
    @Order(4)
    void uploadsASampleShowsItsReportAndWaveformAssignsAndDeletes() throws java.io.IOException {
        open("#/p/" + ID + "/samples");
        waitText("h1", "Voice samples: " + ID);
        assertThat(el("#no-samples").getText()).contains("No samples yet");
        Path wav = Path.of("src/test/resources/speech/exit.wav").toAbsolutePath();
        browser.findElement(By.id("sample-file")).sendKeys(wav.toString());
        el("#upload").click();
        WebElement score = new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("report-score")));
        assertThat(score.getText()).matches("Quality score [0-9.]+ of 1: (good|fair|poor)");
        String facts = el("#report-facts").getText();
        assertThat(facts).contains("Signal to noise (SNR)").contains(" dB").contains("LUFS").contains("Clipping")
                .contains("Duration");
        assertThat(el("#report-providers").getText()).contains("XTTS v2").contains("StyleTTS2");
        // The report is the server's: its numbers are what the API keeps for the sample.
        JsonNode sample = personality().path("voice_samples").get(0);
        assertThat(sample.path("id").asText()).isEqualTo("sample_1");
        double shown = Double.parseDouble(score.getText().replaceAll("Quality score ([0-9.]+) of 1.*", "$1"));
        assertThat(shown).isCloseTo(sample.path("quality_score").asDouble(), org.assertj.core.data.Offset.offset(0.006));

        WebElement canvas = el("article[data-sample='sample_1'] canvas.waveform");
        assertThat(canvas.getAttribute("aria-label")).startsWith("Waveform of sample_1, 6.1");
        // Something was drawn: the canvas has blue bars, not only its background.
        Object blue = browser.executeScript("const c = arguments[0]; const d = c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 150 && d[i] < 60) n++; return n;", canvas);
        assertThat(((Number) blue).intValue()).isGreaterThan(500);

        // StyleTTS2 (not installed here) gets the sample: saved as its voice_sample_url.
        new org.openqa.selenium.support.ui.Select(el("#assign-styletts2")).selectByValue("sample_1");
        el("#assign-save").click();
        waitText("#assign-status", "Saved.");
        JsonNode st = personality().path("providers").path("styletts2");
        assertThat(st.path("voice_sample_url").asText()).isEqualTo(sample.path("url").asText());
        reviewPage("4-samples");

        // A second one dropped on the drop zone (the drop event a file dragged from the desktop makes), then deleted.
        String base64 = java.util.Base64.getEncoder().encodeToString(
                java.nio.file.Files.readAllBytes(Path.of("src/test/resources/speech/waiting.wav")));
        browser.executeScript("const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
                + "const dt = new DataTransfer(); dt.items.add(new File([bytes], 'waiting.wav', {type: 'audio/wav'}));"
                + "const zone = document.getElementById('drop-zone');"
                + "zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));", base64);
        el("article[data-sample='sample_2']");
        waitText("#report-h", "Quality report: sample_2");
        // 2.4 s is too short for StyleTTS2 (3-10 s): said at its field, nothing saved.
        new org.openqa.selenium.support.ui.Select(el("#assign-styletts2")).selectByValue("sample_2");
        click("#assign-save");
        waitText("#assign-styletts2-error", "StyleTTS2 takes samples of 3 to 10 s; sample_2 is 2.4 s.");
        assertThat(el("#assign-styletts2").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(personality().path("providers").path("styletts2").path("voice_sample_url").asText())
                .isEqualTo(sample.path("url").asText());
        el("button[data-sample='sample_2']").click();
        el("#confirm-delete-sample_2").click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("article[data-sample='sample_2']")));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("focus is not lost").isEqualTo("samples-h");
        assertThat(personality().path("voice_samples")).hasSize(1);
        assertThat(el("article[data-sample='sample_1']").isDisplayed()).isTrue();
    }

    @Test
    @Order(5)
    void speaksThroughTheChainWhileItStreamsAndShowsTheTrace() {
        open("#/p/" + ID + "/try");
        waitText("h1", "Try it: " + ID);
        WebElement text = el("#try-text");
        text.clear();
        text.sendKeys("Welcome to the shop. Everything is ten percent off today.");
        el("#speak").click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-status"), "Done:"));
        assertThat(el("#try-status").getText()).contains("from eSpeak NG").contains("first audio after");
        // piper is first in the chain but not installed: the trace says it was skipped and why; espeak spoke.
        WebElement piper = el("#trace li[data-provider='piper']");
        assertThat(piper.getAttribute("data-outcome")).isEqualTo("skipped");
        assertThat(piper.getText()).contains("skipped").contains("not installed");
        assertThat(el("#trace li[data-provider='espeak']").getAttribute("data-outcome")).isEqualTo("succeeded");
        // The header goes out before the audio: it says who was skipped and who started (when the server
        // streams through the router, 'espeak streaming first-audio 11ms'; else 'espeak ok 14ms').
        assertThat(el("#trace-header").getText()).startsWith("piper skipped NOT_INSTALLED, espeak ");
        // The streamed PCM became a playable recording of a plausible length.
        Object seconds = browser.executeScript("const a = document.getElementById('try-audio');"
                + "return new Promise(r => a.readyState >= 1 ? r(a.duration) : a.addEventListener('loadedmetadata', () => r(a.duration)));");
        assertThat(((Number) seconds).doubleValue()).isBetween(1.5, 15.0);
        reviewPage("5-try-it");

        // Nobody in the chain can speak: the 503's trace says why, and nothing plays.
        assertThat(server.putJson("/api/personalities/mute", TestServer.ADMIN_KEY, "{\"active_provider\": \"piper\","
                + " \"providers\": {\"piper\": {\"enabled\": true}}, \"fallback_chain\": [\"piper\"]}").statusCode())
                .isEqualTo(201);
        open("#/p/mute/try");
        el("#speak").click();
        waitText("#try-result", "Nothing was spoken");
        assertThat(el("#try-result .error").getText()).contains("HTTP 503");
        assertThat(el("#trace li[data-provider='piper']").getText()).contains("skipped: not installed");
        assertThat(browser.findElements(By.id("try-audio"))).isEmpty();
    }

    @Test
    @Order(6)
    void readsTheDashboard() {
        open("#/dashboard");
        waitText("h1", "Voice model performance");
        JsonNode stats = TestServer.json(server.get("/api/stats", TestServer.ADMIN_KEY)).path("this_process");
        WebElement row = el("#performance tr[data-provider='espeak']");
        List<String> cells = row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
        assertThat(cells.get(0)).isEqualTo("eSpeak NG");
        assertThat(cells.get(1)).isEqualTo(String.valueOf(stats.path("espeak").path("requests").asLong()));
        assertThat(cells.get(2)).isEqualTo("100%");
        assertThat(cells.get(3)).matches("\\d+ ms|[0-9.]+ s");
        assertThat(el("#latency-chart").findElements(By.cssSelector("circle"))).isNotEmpty();
        assertThat(el("#local-usage").getText()).matches("Local models: [1-9][0-9,]* characters \\(no quota\\)\\.");
        assertThat(el("#no-quotas").getText()).contains("No cloud model");
        assertThat(el("#ttfa-none, #ttfa").isDisplayed()).isTrue();
        reviewPage("6-dashboard");
    }

    @Test
    @Order(7)
    void aSaveBasedOnAnOldCopyIsRefusedAtTheFormWithTheEditsKeptAndReloadShowsTheNewest() {
        open("#/p/" + ID + "/voice");
        waitText("h1", "Voice: " + ID);
        // The personality speaks meanwhile: its counts change, its revision does not, so the save goes through.
        HttpResponse<byte[]> spoken = server.postJson("/v1/audio/speech", TestServer.ADMIN_KEY,
                "{\"model\": \"tts-1\", \"voice\": \"" + ID + "\", \"response_format\": \"wav\", \"input\": \"Open today.\"}");
        assertThat(spoken.statusCode()).isEqualTo(200);
        el("#set-espeak-pitch").clear();
        el("#set-espeak-pitch").sendKeys("55");
        click("#save");
        waitText("#save-status", "Saved.");
        assertThat(personality().path("providers").path("espeak").path("settings").path("pitch").asInt()).isEqualTo(55);

        // Someone changes it behind the page's back (another tab, person or server).
        com.fasterxml.jackson.databind.node.ObjectNode elsewhere = (com.fasterxml.jackson.databind.node.ObjectNode) personality();
        ((com.fasterxml.jackson.databind.node.ObjectNode) elsewhere.path("providers").path("espeak").path("settings"))
                .put("rate", 300);
        assertThat(server.putJson("/api/personalities/" + ID, TestServer.ADMIN_KEY, elsewhere.toString()).statusCode())
                .isEqualTo(200);

        // The page's save is refused: said at the form, the edit still in its field, nothing written.
        el("#set-espeak-pitch").clear();
        el("#set-espeak-pitch").sendKeys("40");
        click("#save");
        waitText("#changed-elsewhere", "was changed elsewhere");
        assertThat(el("#changed-elsewhere").getText()).contains("Your edits are kept in the form")
                .contains("Reload");
        assertThat(el("#set-espeak-pitch").getAttribute("value")).isEqualTo("40");
        JsonNode stored = personality().path("providers").path("espeak").path("settings");
        assertThat(stored.path("pitch").asInt()).as("not saved").isEqualTo(55);
        assertThat(stored.path("rate").asInt()).as("the other change kept").isEqualTo(300);
        reviewPage("7-voice-changed-elsewhere");

        // Reload builds the form from the newest version; a save from it goes through and keeps both changes.
        click("#changed-elsewhere-reload");
        waitText("#save-status", "Reloaded the newest version.");
        assertThat(el("#set-espeak-rate").getAttribute("value")).isEqualTo("300");
        assertThat(browser.findElements(By.id("changed-elsewhere"))).isEmpty();
        el("#set-espeak-pitch").clear();
        el("#set-espeak-pitch").sendKeys("40");
        click("#save");
        waitText("#save-status", "Saved.");
        stored = personality().path("providers").path("espeak").path("settings");
        assertThat(stored.path("pitch").asInt()).isEqualTo(40);
        assertThat(stored.path("rate").asInt()).isEqualTo(300);
    }
}
