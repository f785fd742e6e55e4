package dev.duplex.bench;

/** A load the benchmark runs, warms up, and then measures over a window. */
interface Load {

    /** Starts sending; returns at once. */
    void start() throws Exception;

    /** Turns counting (and latency recording) on at the window's start and off at its end. */
    void record(boolean on);

    /** What was completed while recording: calls, or payload bytes for streams. */
    long completed();

    /** Stops sending and waits, within a bound, for what is in flight. */
    void stop() throws Exception;
}
