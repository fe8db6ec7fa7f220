/**
 * Errors as data: NOTIFICATION codes and subcodes, the decode exception, and the RFC 7606 actions.
 */
package dev.jbgp.wire.error;
