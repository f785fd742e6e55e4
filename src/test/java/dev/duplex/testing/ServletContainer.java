package dev.duplex.testing;

import java.util.Map;

/**
 * The servlet containers the built WAR must deploy to unchanged, each run in a child JVM that
 * sees nothing of the test class path: Tomcat 10.1 and 11 (embedded, started by
 * {@link dev.duplex.testing.tomcat.TomcatRunner}) and a standalone Jetty 12 set up from
 * jetty-home. The build puts their files under target/ before the integration tests.
 */
public enum ServletContainer {

    TOMCAT_10_1("Apache Tomcat/10.1.") {
        @Override
        public DeployedGateway deploy(Map<String, String> settings) {
            return DeployedGateway.onTomcat(this, "gateway.tomcat-10.1", settings);
        }
    },

    TOMCAT_11("Apache Tomcat/11.") {
        @Override
        public DeployedGateway deploy(Map<String, String> settings) {
            return DeployedGateway.onTomcat(this, "gateway.tomcat-11", settings);
        }
    },

    JETTY_12("jetty-12.") {
        @Override
        public DeployedGateway deploy(Map<String, String> settings) {
            return DeployedGateway.onJettyHome(this, "gateway.jetty-home", settings);
        }
    };

    private final String serverPrefix;

    ServletContainer(String serverPrefix) {
        this.serverPrefix = serverPrefix;
    }

    /** How the running server names itself, up to the version this constant stands for. */
    public String serverPrefix() {
        return serverPrefix;
    }

    /**
     * Deploys the built WAR at the root context with these gateway settings, given the way
     * an operator of that container would: as context parameters on Tomcat, in the
     * environment on Jetty. Returns once it serves.
     */
    public abstract DeployedGateway deploy(Map<String, String> settings);
}
