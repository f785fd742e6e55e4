/** A small service published with the Java peer, and a client for it: the README's example. */
package dev.duplex.peer.example;
