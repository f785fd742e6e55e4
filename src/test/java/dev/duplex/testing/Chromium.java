package dev.duplex.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages, driven through Debian's ChromeDriver, for tests of
 * the browser client and the console. Both paths are set, so Selenium looks nothing up and
 * downloads nothing. Every wait has a time limit, and a failed wait tells what the page's
 * console said.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.start()) {
 *     chromium.open(pageUri);
 *     Object answer = chromium.run("call", "/endpoint", "secret");
 * }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {

    public static final Duration WAIT = Await.LIMIT;

    /** Each look asks the browser a question, so not as often as {@link Await} does. */
    private static final Duration POLL = Duration.ofMillis(50);

    /** Where Debian's packages chromium and chromium-driver install them; see .ci/run. */
    private static final Path BROWSER =
            Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    private static final Path DRIVER =
            Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));

    /**
     * Headless, and quiet on a machine without internet: no background requests (update
     * checks, sync, field trials), which a closed network would refuse at every start.
     */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=1200,1300");

    /**
     * Runs a function of {@code window.scenarios} with the arguments after its name, and hands
     * its result (or its failure, as an object with {@code failed}) back to the test.
     */
    private static final String RUN_SCENARIO = String.join("\n",
            "const done = arguments[arguments.length - 1];",
            "const [name, ...args] = Array.from(arguments).slice(0, -1);",
            "Promise.resolve().then(() => window.scenarios[name](...args))",
            "  .then(done, error => done({failed: String(error && error.message || error)}));");

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> console = new ArrayList<>();

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts the browser with a fresh, empty profile under target/. */
    public static Chromium start() {
        requireInstalled();
        Path profile = createProfile();
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                .addArguments(FLAGS)
                .addArguments("--user-data-dir=" + profile);
        options.setPageLoadTimeout(WAIT);
        options.setScriptTimeout(WAIT);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(WAIT)
                .build();
        return new Chromium(new ChromeDriver(service, options), profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Loads a page and waits until its scripts have set {@code window.pageReady}. */
    public void open(URI page) {
        driver.get(page.toString());
        awaitTrue("window.pageReady === true", "the page " + page + " to get ready");
    }

    /** Runs {@code window.scenarios[name](args...)} and returns what its promise settled with. */
    public Object run(String name, Object... args) {
        Object[] all = Stream.concat(Stream.of(name), Arrays.stream(args)).toArray();
        return driver.executeAsyncScript(RUN_SCENARIO, all);
    }

    /** Waits until a JavaScript expression is true. */
    public void awaitTrue(String expression, String what) {
        await(what, () -> Boolean.TRUE.equals(driver.executeScript("return " + expression)));
    }

    /** Waits until the element's text contains {@code text}, and returns the element. */
    public WebElement awaitText(By element, String text) {
        await("\"" + text + "\" in " + element, () -> driver.findElement(element).getText()
                .contains(text));
        return driver.findElement(element);
    }

    /** Saves a picture of the window as target/{@code name}.png and returns its path. */
    public Path screenshot(String name) {
        try {
            Path file = Path.of("target", name + ".png").toAbsolutePath();
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What pages wrote to the browser's console so far, one line per entry. */
    public String consoleLog() {
        // The driver hands each entry out once.
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString)
                .forEach(console::add);
        return String.join("\n", console);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    /** Waits until {@code condition} holds; fails with {@code what} and the page's console. */
    public void await(String what, BooleanSupplier condition) {
        new WebDriverWait(driver, WAIT, POLL)
                .withMessage(() -> "waited for " + what + "; the page's console said:\n"
                        + consoleLog())
                .until(ignored -> condition.getAsBoolean());
    }

    private static void requireInstalled() {
        for (Path program : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(program)) {
                throw new IllegalStateException("the browser tests need " + program + ": install "
                        + "Debian's chromium and chromium-driver (as .ci/run does), or name "
                        + "other programs with -Dchromium=... and -Dchromedriver=...");
            }
        }
    }

    private static Path createProfile() {
        try {
            Path parent = Files.createDirectories(Path.of("target", "chromium"));
            return Files.createTempDirectory(parent, "profile-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
