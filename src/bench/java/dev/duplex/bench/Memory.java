package dev.duplex.bench;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * The gateway's memory at one moment: resident set from {@code /proc}, and the bytes of live
 * objects on its heap with the largest classes (-1 and empty when not asked for).
 */
record Memory(long residentBytes, long heapBytes, String histogram) {

    /** Reads the resident set; with {@code live}, first the live heap (a full collection). */
    static Memory of(Child gateway, Jcmd jcmd, boolean live) {
        if (!live) {
            return new Memory(gateway.residentBytes(), -1, "");
        }
        Jcmd.Histogram histogram = jcmd.histogram();
        return new Memory(gateway.residentBytes(), histogram.liveBytes(), histogram.top());
    }

    JsonObjectBuilder json() {
        return Json.createObjectBuilder().add("residentBytes", residentBytes)
                .add("liveHeapBytes", heapBytes);
    }
}
