/**
 * Framing of the BGP byte stream into messages and the message type registry.
 */
package dev.jbgp.wire;
