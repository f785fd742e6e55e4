/** Tests of the built WAR as it is deployed: on Tomcat and with java -jar. */
package dev.duplex.gateway.deploy;
