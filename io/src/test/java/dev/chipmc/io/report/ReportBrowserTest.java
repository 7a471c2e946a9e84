package dev.chipmc.io.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The report as a person sees it: rendered by headless Chromium (Debian's chromium package) from the file, offline,
 * into a screenshot that must not be blank. Fails, with the install command, where chromium is missing.
 */
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static Path screenshot(Path html, Path png, int width, int height) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: the report's browser test needs Debian's chromium package;"
                    + " install it with: apt-get update && apt-get install -y chromium");
        }
        Path profile = Files.createTempDirectory(png.getParent(), "chromium-profile");
        List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=" + width + "," + height,
                html.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(png.resolveSibling("chromium.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s: " + Files.readString(png.resolveSibling("chromium.log")));
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + readLog(png));
        assertTrue(Files.isRegularFile(png), () -> "no screenshot: " + readLog(png));
        return png;
    }

    private static String readLog(Path png) {
        try {
            return Files.readString(png.resolveSibling("chromium.log"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void chromium_rendersTheReport_notBlank() throws Exception {
        Path run = TestRuns.withSamples();
        Path html = Report.write(run, Instant.parse("2026-11-28T10:15:30Z"));
        Path dir = TestRuns.newDir("browser");
        BufferedImage img = ImageIO.read(screenshot(html, dir.resolve("report.png"), 1400, 3000).toFile());
        assertEquals(1400, img.getWidth());
        assertEquals(3000, img.getHeight());
        // A blank page (white, or one colour) has one or two colours and no ink. The report's first 3000 px hold the
        // run's tables and three fan charts: blue bands, dark median lines, red target lines and black text.
        // Thresholds are far below what the page shows (about 30 % non-white pixels and hundreds of colours) and far
        // above a blank or an error page.
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        long band = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                if (r + g + b < 3 * 235) {
                    ink++;
                }
                if (Math.abs(r - Charts.BAND_90.getRed()) < 8 && Math.abs(g - Charts.BAND_90.getGreen()) < 8
                        && Math.abs(b - Charts.BAND_90.getBlue()) < 8) {
                    band++;
                }
            }
        }
        long pixels = (long) (img.getWidth() / 2) * (img.getHeight() / 2);
        assertTrue(colours.size() > 50, colours.size() + " distinct colours");
        assertTrue(ink > pixels / 20, ink + " of " + pixels + " sampled pixels not near white");
        assertTrue(band > pixels / 100, band + " sampled pixels in the fan charts' 90 % band colour");
    }
}
