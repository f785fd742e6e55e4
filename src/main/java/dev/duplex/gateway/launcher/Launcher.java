package dev.duplex.gateway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The {@code Main-Class} of the gateway's WAR, so that {@code java -jar duplex-gateway.war}
 * serves it on an embedded Jetty.
 *
 * <p>This class sits at the WAR root and uses the JDK only. Jetty travels inside the WAR as
 * jars under {@value #JETTY_FOLDER}, a folder servlet containers do not read. They are
 * unpacked to a temporary folder (removed when the JVM exits) and get a class loader of their
 * own, in which {@link EmbeddedJetty} deploys this very WAR file as a web application.
 */
public final class Launcher {

    private static final String JETTY_FOLDER = "WEB-INF/jetty/";

    private static final String STARTER = "dev.duplex.gateway.launcher.EmbeddedJetty";

    private Launcher() {
    }

    public static void main(String[] args) {
        try {
            Path war = ownWar();
            List<Path> jars = unpackJetty(war);
            runStarter(jars, war);
        } catch (IllegalArgumentException e) {
            // A setting is wrong, and the message says which and why: a stack trace adds noise.
            System.err.println("Duplex Gateway could not start: " + e.getMessage());
            System.exit(1);
        } catch (Throwable e) {
            System.err.println("Duplex Gateway could not start:");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static Path ownWar() throws URISyntaxException {
        URL location = Launcher.class.getProtectionDomain().getCodeSource().getLocation();
        Path war = Path.of(location.toURI());
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(
                    "expected to run from the WAR file (java -jar duplex-gateway.war), not from "
                            + war);
        }
        return war;
    }

    private static List<Path> unpackJetty(Path war) throws IOException {
        Path folder = Files.createTempDirectory("duplex-gateway-jetty-");
        deleteOnExit(folder);

        List<Path> jars = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (isJettyJar(entry)) {
                    jars.add(unpack(zip, entry, folder));
                }
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException(war + " holds no jars under " + JETTY_FOLDER
                    + "; was it built with mvn package?");
        }
        return jars;
    }

    private static boolean isJettyJar(ZipEntry entry) {
        String name = entry.getName();
        return !entry.isDirectory()
                && name.startsWith(JETTY_FOLDER)
                && name.endsWith(".jar")
                && name.indexOf('/', JETTY_FOLDER.length()) < 0;
    }

    private static Path unpack(ZipFile zip, ZipEntry entry, Path folder) throws IOException {
        Path jar = folder.resolve(entry.getName().substring(JETTY_FOLDER.length()));
        deleteOnExit(jar);
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, jar);
        }
        return jar;
    }

    /**
     * The JVM deletes these files only after every shutdown hook has finished, the one that
     * stops the server included, so no class is loaded from them any more. It deletes in
     * reverse order of registration: the jars before their folder.
     */
    private static void deleteOnExit(Path path) {
        path.toFile().deleteOnExit();
    }

    private static void runStarter(List<Path> jars, Path war) throws Throwable {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        // The platform loader as parent keeps this launcher's class path (the WAR root) out of
        // Jetty's sight: the server sees exactly the jars it was packaged with.
        ClassLoader loader =
                new URLClassLoader("embedded-jetty", urls, ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);

        Method main = loader.loadClass(STARTER).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) new String[] {war.toString()});
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
