/**
 * What runs inside a child JVM whose class path is one Tomcat version's jars: nothing here may
 * use a class outside that Tomcat and the JDK.
 */
package dev.duplex.testing.tomcat;
