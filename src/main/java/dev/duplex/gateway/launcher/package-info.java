/** Runs the gateway's WAR on an embedded Jetty 12, for {@code java -jar}, Heroku and Docker. */
package dev.duplex.gateway.launcher;
