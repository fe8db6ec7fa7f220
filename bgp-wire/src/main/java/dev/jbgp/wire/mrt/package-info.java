/**
 * A streaming MRT (RFC 6396, RFC 8050) reader: TABLE_DUMP, TABLE_DUMP_V2 (with ADD-PATH) and
 * BGP4MP / BGP4MP_ET records from plain or gzip-compressed files, in constant memory. Start at
 * {@link dev.jbgp.wire.mrt.MrtReader}.
 *
 * <p>What consumers must know when decoding the attribute blocks and messages handed out:
 * <ul>
 *   <li>TABLE_DUMP_V2 RIB entries ({@link dev.jbgp.wire.mrt.RibRecord}): AS numbers are always
 *       4 octets, and MP_REACH_NLRI holds only the next hop (RFC 6396 §4.3.4);</li>
 *   <li>TABLE_DUMP v1 ({@link dev.jbgp.wire.mrt.TableDumpRecord}): AS numbers are 2 octets;</li>
 *   <li>BGP4MP messages ({@link dev.jbgp.wire.mrt.Bgp4mpMessage}): 2- or 4-octet AS numbers and
 *       ADD-PATH NLRI as the subtype says ({@code fourOctetAs()}, {@code addPath()}).</li>
 * </ul>
 * Flyweights and the {@code ByteBuf} slices they return are valid until the reader's next
 * {@code next()}; retain a slice to keep it.
 */
package dev.jbgp.wire.mrt;
