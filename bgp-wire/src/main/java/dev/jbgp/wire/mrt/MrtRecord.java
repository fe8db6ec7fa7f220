package dev.jbgp.wire.mrt;

/**
 * One record read by {@link MrtReader}: the common MRT header (RFC 6396 §2) and, through the
 * permitted subtypes, the typed body. Test the subtype with {@code instanceof}.
 *
 * <p>{@link PeerIndexTable} and {@link Bgp4mpStateChange} are immutable values. {@link RibRecord},
 * {@link Bgp4mpMessage} and {@link TableDumpRecord} are flyweights the reader reuses: they and every
 * {@code ByteBuf} they return are valid only until the next {@link MrtReader#next()} or
 * {@link MrtReader#close()} (see {@link MrtReader} for how to keep bytes longer).
 */
public sealed interface MrtRecord permits PeerIndexTable, RibRecord, Bgp4mpMessage, Bgp4mpStateChange,
        TableDumpRecord {

    /** The header timestamp: seconds since 1970-01-01 UTC (unsigned 32 bits). */
    long timestamp();

    /** The microsecond part of the timestamp for the {@code _ET} types (RFC 6396 §3), otherwise 0. */
    int microseconds();

    /** The MRT type (see {@link MrtTypes}). */
    int type();

    /** The MRT subtype (see {@link MrtTypes}). */
    int subtype();

    /** Offset of this record's header in the uncompressed stream. */
    long offset();
}
