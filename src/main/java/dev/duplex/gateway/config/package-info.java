/** Gateway settings, read from context parameters, system properties and the environment. */
package dev.duplex.gateway.config;
