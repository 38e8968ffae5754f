package io.voicerouter.server;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real headless Chromium driven by Selenium through Debian's chromedriver. Both must be installed
 * ({@code apt-get install chromium chromium-driver}; {@code .ci/run} does it): a missing one fails
 * the tests with that advice instead of skipping them. {@code -Dchromium.binary} and
 * {@code -Dchromedriver.binary} point elsewhere. Selenium Manager is never asked (it would go to the
 * network): the driver and browser are named explicitly.
 */
final class Browser {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private Browser() {
    }

    static ChromeDriver start(Path profile) {
        Path chromium = executable("chromium.binary", "/usr/bin/chromium", "chromium");
        Path driver = executable("chromedriver.binary", "/usr/bin/chromedriver", "chromium-driver");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().withSilent(true).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return browser;
    }

    private static Path executable(String property, String fallback, String debianPackage) {
        Path p = Path.of(System.getProperty(property, fallback));
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("The console tests drive a real headless Chromium and need " + p
                    + ", which is missing: install it with 'apt-get install chromium chromium-driver' (.ci/run does)"
                    + ", or point -D" + property + "= at it. Package: " + debianPackage);
        }
        return p;
    }

    /** Saves a PNG of the whole page under target/console-screenshots/ (a build artifact for review). */
    static Path screenshot(ChromeDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            // The full page, not only the window: resize to the document's height first.
            Object height = browser.executeScript("return Math.min(document.documentElement.scrollHeight, 6000)");
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280,
                    Math.max(800, ((Number) height).intValue() + 160)));
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1100));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
