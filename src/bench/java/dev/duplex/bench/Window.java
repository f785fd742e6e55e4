package dev.duplex.bench;

import java.lang.management.ManagementFactory;

/**
 * What one measured window cost: its length, what the load completed in it, the CPU time each
 * of the three processes spent meanwhile, which share of the gateway's was system time, and
 * how often the gateway's threads were switched out.
 */
record Window(double seconds, long completed, double gatewayCpuSeconds,
        double backendCpuSeconds, double loadCpuSeconds, double gatewaySystemShare,
        long gatewaySwitches) {

    /** Completed units (calls, or bytes for streams) per second. */
    double rate() {
        return completed / seconds;
    }

    /** The gateway's CPU time per completed unit, in microseconds. */
    double gatewayMicrosPer() {
        return gatewayCpuSeconds * 1e6 / completed;
    }

    double backendMicrosPer() {
        return backendCpuSeconds * 1e6 / completed;
    }

    double loadMicrosPer() {
        return loadCpuSeconds * 1e6 / completed;
    }

    double gatewaySwitchesPer() {
        return (double) gatewaySwitches / completed;
    }

    /** The three processes' CPU time at one moment, in nanoseconds, and the gateway's split. */
    record Reading(long nanoTime, long gateway, long backend, long load, long[] gatewayTicks,
            long gatewaySwitches) {

        static Reading of(Child gateway, Child backend) {
            return new Reading(System.nanoTime(), gateway.cpuNanos(), backend.cpuNanos(),
                    ownCpuNanos(), gateway.cpuTicks(), gateway.contextSwitches());
        }

        Window to(Reading end, long completed) {
            long user = end.gatewayTicks[0] - gatewayTicks[0];
            long system = end.gatewayTicks[1] - gatewayTicks[1];
            double systemShare = user + system == 0 ? 0 : (double) system / (user + system);
            return new Window((end.nanoTime - nanoTime) / 1e9, completed,
                    (end.gateway - gateway) / 1e9, (end.backend - backend) / 1e9,
                    (end.load - load) / 1e9, systemShare, end.gatewaySwitches - gatewaySwitches);
        }

        private static long ownCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }
}
