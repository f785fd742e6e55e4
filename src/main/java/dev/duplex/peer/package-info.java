/** The Java Duplex peer: connects to a Duplex server, offers methods and calls the other side. */
package dev.duplex.peer;
