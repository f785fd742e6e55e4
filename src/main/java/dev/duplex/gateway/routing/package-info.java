/**
 * The routing core: endpoints, the backend and client links attached to them, and the maps of
 * open channels that let many clients share one backend connection.
 */
package dev.duplex.gateway.routing;
