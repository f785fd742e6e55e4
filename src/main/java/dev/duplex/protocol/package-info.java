/** The Duplex wire protocol: handshake, messages, and the JSON codec that reads and writes them. */
package dev.duplex.protocol;
