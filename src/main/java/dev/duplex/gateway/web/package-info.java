/**
 * The web layer: the front servlet that checks and upgrades WebSocket requests, the socket
 * endpoint that feeds frames to the routing core, the HTTP call API and the gateway's own pages.
 */
package dev.duplex.gateway.web;
