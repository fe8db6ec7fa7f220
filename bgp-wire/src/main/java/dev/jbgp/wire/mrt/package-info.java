/**
 * A streaming MRT (RFC 6396, RFC 8050) reader: TABLE_DUMP, TABLE_DUMP_V2 (with ADD-PATH) and
 * BGP4MP / BGP4MP_ET records from plain or gzip-compressed files, in constant memory. Start at
 * {@link dev.jbgp.wire.mrt.MrtReader}.
 */
package dev.jbgp.wire.mrt;
