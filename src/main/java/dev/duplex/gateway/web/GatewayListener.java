package dev.duplex.gateway.web;

import dev.duplex.gateway.config.GatewayConfig;
import dev.duplex.gateway.routing.Gateway;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.websocket.server.ServerContainer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * Starts the gateway with the web application and stops it with it: reads the settings, builds
 * the routing core, and registers the front servlet on every path.
 */
public final class GatewayListener implements ServletContextListener {

    /** The servlet context attribute that holds the running {@link Gateway}. */
    public static final String GATEWAY_ATTRIBUTE = Gateway.class.getName();

    private static final String CONTAINER_ATTRIBUTE = ServerContainer.class.getName();

    private Gateway gateway;
    private ScheduledExecutorService scheduler;
    private ExecutorService background;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        GatewayConfig config = GatewayConfig.load(context::getInitParameter);
        if (config.debug()) {
            showFrameLogs();
        }
        ServerContainer container = (ServerContainer) context.getAttribute(CONTAINER_ATTRIBUTE);
        if (container == null) {
            throw new IllegalStateException("this servlet container offers no Jakarta WebSocket");
        }
        container.setDefaultMaxTextMessageBufferSize(config.maxMessageBytes());

        scheduler = newScheduler();
        background = Executors.newCachedThreadPool(daemonThreads("duplex-gateway-background"));
        gateway = new Gateway(config, scheduler);
        context.setAttribute(GATEWAY_ATTRIBUTE, gateway);

        GatewayServlet servlet = new GatewayServlet(gateway,
                new UpgradeHandler(gateway, container, background),
                new CallHandler(gateway),
                new GatewayPages(context));
        ServletRegistration.Dynamic registration = context.addServlet("duplex-gateway", servlet);
        registration.addMapping("/*");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);

        announceToken(config);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (gateway != null) {
            gateway.shutdown();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (background != null) {
            background.shutdown();
        }
    }

    /**
     * Sets the frame trace's level to debug when the logging backend is the bundled SLF4J
     * simple logger and the operator has chosen no level for it. That logger reads its level
     * when a logger is made, and the trace's logger is made at the first frame, after this.
     */
    private static void showFrameLogs() {
        String property = "org.slf4j.simpleLogger.log." + FrameLog.LOGGER;
        if (System.getProperty(property) == null) {
            System.setProperty(property, "debug");
        }
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(1, daemonThreads("duplex-gateway-timer"));
        // Cancelled timers (every handshake limit, every ping) must not pile up in the queue.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static ThreadFactory daemonThreads(String name) {
        return task -> {
            Thread thread = Executors.defaultThreadFactory().newThread(task);
            thread.setName(name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Shows a generated token once: it is the only way the operator can learn it. */
    private static void announceToken(GatewayConfig config) {
        String generated = config.takeGeneratedToken();
        if (generated != null) {
            System.out.println("Duplex Gateway: no TOKEN set, generated publish token: "
                    + generated);
        }
    }
}
