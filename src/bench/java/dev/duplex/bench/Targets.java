package dev.duplex.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.util.Locale;
import java.util.Map;

/** The targets of issue 6, each set against what this run measured. */
final class Targets {

    private static final String ROW = "  %-44s %-10s %9s  %s%n";

    private final Plan plan;
    private final Map<String, Double> numbers;
    private final JsonArrayBuilder rows = Json.createArrayBuilder();

    Targets(Plan plan, Map<String, Double> numbers) {
        this.plan = plan;
        this.numbers = numbers;
    }

    /** Prints the comparison and returns it as JSON rows. */
    JsonArrayBuilder print() {
        int peak = plan.peakClients();
        String load = peak + "x" + plan.depth();
        System.out.printf("%nTargets of issue 6 on this machine%n");
        System.out.printf(ROW, "what", "target", "measured", "");
        atLeast("gateway calls/s at " + load + " vs direct", 0.7, "x",
                ratio("gateway." + peak + ".rate", "direct." + peak + ".rate"));
        atMost("gateway CPU per call at " + load + " (us)", 10, "",
                number("gateway." + peak + ".cpu"));
        atMost("p99 added at half the peak (ms)", 1, "", number("halfPeak.addedP99"));
        atMost(idleLabel(), 150, "", number("idle.totalMb"));
        atLeast("streamed replies (MB/s of payload)", 200, "", number("stream.gateway"));
        atLeast("HTTP calls/s vs WebSocket at " + load, 0.8, "x", number("http.ratio"));
        return rows;
    }

    private String idleLabel() {
        return String.format(Locale.ROOT, "resident MB with %,d idle clients", plan.idleClients());
    }

    private void atLeast(String what, double target, String unit, double measured) {
        String verdict = Double.isNaN(measured) ? "not measured"
                : measured >= target ? "met"
                : String.format(Locale.ROOT, "missed: %.0f%% of the target",
                        100 * measured / target);
        row(what, ">= " + target + unit, measured, unit, verdict);
    }

    private void atMost(String what, double target, String unit, double measured) {
        String verdict = Double.isNaN(measured) ? "not measured"
                : measured <= target ? "met"
                : String.format(Locale.ROOT, "missed: %.1fx the limit", measured / target);
        row(what, "<= " + target + unit, measured, unit, verdict);
    }

    private void row(String what, String target, double measured, String unit,
            String verdict) {
        System.out.printf(Locale.ROOT, ROW, what, target,
                String.format(Locale.ROOT, "%.2f%s", measured, unit), verdict);
        rows.add(Json.createObjectBuilder().add("what", what).add("target", target)
                .add("measured", Double.isNaN(measured) ? -1 : measured).add("verdict", verdict));
    }

    private double ratio(String numerator, String denominator) {
        return number(numerator) / number(denominator);
    }

    private double number(String key) {
        Double value = numbers.get(key);
        return value == null ? Double.NaN : value;
    }
}
