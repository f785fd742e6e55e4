package dev.duplex.bench;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * The gateway's memory at one moment: resident set from {@code /proc}, and heap in use as its
 * JVM reports it (-1 when it could not be read).
 */
record Memory(long residentBytes, long heapBytes) {

    /** Reads both; with {@code collect}, after a full collection so the heap is all live. */
    static Memory of(Child gateway, Jcmd jcmd, boolean collect) {
        if (collect) {
            jcmd.collect();
        }
        return new Memory(gateway.residentBytes(), jcmd.heapUsedBytes());
    }

    JsonObjectBuilder json() {
        return Json.createObjectBuilder().add("residentBytes", residentBytes)
                .add("heapUsedBytes", heapBytes);
    }
}
