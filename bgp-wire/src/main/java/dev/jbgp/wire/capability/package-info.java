/**
 * OPEN capabilities (RFC 5492) as typed immutable values, with unknown ones kept as code and bytes.
 */
package dev.jbgp.wire.capability;
