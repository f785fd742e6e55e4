/** Runs the WAR on an embedded Jetty 12 (java -jar, Heroku, Docker), with TLS if configured. */
package dev.duplex.gateway.launcher;
