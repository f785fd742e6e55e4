/**
 * The benchmark: a load generator that runs the gateway and an echo backend as separate
 * processes and compares calls through the gateway with calls straight to the backend.
 */
package dev.duplex.bench;
