/**
 * A streaming MRT (RFC 6396) reader for TABLE_DUMP_V2 and BGP4MP records.
 */
package dev.jbgp.wire.mrt;
