package dev.duplex.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame trace that {@code DEBUG} turns on: every frame in and out, at debug level, on its
 * own logger so it can be switched alone, with credentials masked. The class, and so its
 * logger, is first loaded when a frame is logged, after {@code DEBUG} has set its level.
 */
final class FrameLog {

    static final String LOGGER = "dev.duplex.gateway.frames";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private FrameLog() {
    }

    static void received(String label, String frame) {
        log.debug("{} <- {}", label, CredentialMask.mask(frame));
    }

    static void sent(String label, String frame) {
        log.debug("{} -> {}", label, CredentialMask.mask(frame));
    }
}
