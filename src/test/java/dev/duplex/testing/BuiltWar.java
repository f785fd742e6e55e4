package dev.duplex.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The WAR file {@code mvn package} built, which integration tests deploy or run. */
public final class BuiltWar {

    /** Set by the failsafe plugin; the default serves a test started from the project folder. */
    private static final String PROPERTY = "gateway.war";

    private BuiltWar() {
    }

    /** The absolute path of the built WAR; fails if there is none yet. */
    public static Path path() {
        Path war = expectedPath();
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(
                    "expected the built WAR at " + war.toAbsolutePath() + "; run mvn package");
        }
        return war.toAbsolutePath();
    }

    /** The folder the build writes to (target/), whether or not the WAR is there yet. */
    public static Path buildFolder() {
        return expectedPath().toAbsolutePath().getParent();
    }

    private static Path expectedPath() {
        return Path.of(System.getProperty(PROPERTY, "target/duplex-gateway.war"));
    }
}
