/**
 * The five BGP messages: OPEN, UPDATE (a flyweight view), NOTIFICATION, KEEPALIVE, ROUTE-REFRESH; encoders beside decoders.
 */
package dev.jbgp.wire.message;
