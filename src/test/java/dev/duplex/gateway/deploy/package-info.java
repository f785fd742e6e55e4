/** Tests of the built WAR as it is deployed: with java -jar (also with TLS), Tomcat, Jetty. */
package dev.duplex.gateway.deploy;
