package dev.duplex.testing.tomcat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.ApplicationParameter;

/**
 * Deploys a WAR unchanged at the root context of an embedded Tomcat on a free port, as a
 * standalone Tomcat would, and prints {@value #READY} with the port once it serves. It stops
 * when its standard input closes (so it never outlives the tests that started it) or on
 * SIGTERM.
 *
 * <p>Started by the tests in a JVM whose class path holds only one Tomcat version's jars and
 * this class, which therefore uses nothing else. Compiled against Tomcat 10.1, it uses only
 * API that Tomcat 11 keeps.
 *
 * <p>Arguments: the WAR file, a fresh base folder, then context parameters as
 * {@code NAME=value}, which win over the same names in the WAR's web.xml.
 */
public final class TomcatRunner {

    /** Starts the line that tells the tests where the gateway is. */
    public static final String READY = "TomcatRunner ready: ";

    private TomcatRunner() {
    }

    public static void main(String[] args) throws LifecycleException, IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "expected a WAR, a base folder, then NAME=value context parameters");
        }
        // Tomcat unpacks the WAR into the host's application folder, which must exist.
        Files.createDirectories(Path.of(args[1], "webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(args[1]);
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = deploy(tomcat, args);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tomcat), "tomcat-stop"));
        tomcat.start();
        // A web application that fails leaves Tomcat running without it: only its state says.
        if (!context.getState().isAvailable()) {
            System.out.println("TomcatRunner: the WAR did not deploy, its context is "
                    + context.getStateName() + " (the log above says why)");
            System.exit(1);
        }
        System.out.println(READY + ServerInfo.getServerInfo() + " on port "
                + tomcat.getConnector().getLocalPort());

        while (System.in.read() >= 0) {
            // Nothing is ever sent: the loop waits for the end of input.
        }
        System.exit(0);
    }

    private static Context deploy(Tomcat tomcat, String[] args) {
        Context context = tomcat.addWebapp("", args[0]);
        context.addLifecycleListener(TomcatRunner::withoutJsp);
        for (int i = 2; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            ApplicationParameter parameter = new ApplicationParameter();
            parameter.setName(args[i].substring(0, equals));
            parameter.setValue(args[i].substring(equals + 1));
            parameter.setOverride(false);
            context.addApplicationParameter(parameter);
        }
        return context;
    }

    /**
     * Removes the JSP servlet that embedded Tomcat's defaults declare, like a standalone
     * Tomcat's conf/web.xml, but cannot load without Jasper: it would log a stack trace at
     * every start. Runs after the defaults were added, on the same event.
     */
    private static void withoutJsp(LifecycleEvent event) {
        if (!event.getType().equals(Lifecycle.BEFORE_START_EVENT)) {
            return;
        }
        Context context = (Context) event.getLifecycle();
        Container jsp = context.findChild("jsp");
        if (jsp != null) {
            context.removeServletMapping("*.jsp");
            context.removeServletMapping("*.jspx");
            context.removeChild(jsp);
        }
    }

    /** Undeploys the gateway, so its contextDestroyed runs, then stops Tomcat. */
    private static void stop(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.out.println("TomcatRunner: Tomcat did not stop cleanly: " + e);
        }
    }
}
