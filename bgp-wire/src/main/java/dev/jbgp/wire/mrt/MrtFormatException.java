package dev.jbgp.wire.mrt;

import java.io.IOException;

/**
 * A malformed or truncated MRT stream (RFC 6396): a record whose length or fields do not fit, a
 * stream that ends inside a record, or a compressed stream that is corrupt.
 *
 * <p>It is an {@link IOException} because an MRT file is I/O input, so callers of
 * {@link MrtReader#next()} handle one checked type. {@link #offset()} is the position of the record
 * header in the uncompressed stream, so a bad record can be found with {@code dd}/{@code xxd}.
 * Malformed BGP messages <em>inside</em> a well-formed record are not this exception's business: the
 * reader hands them over as bytes and the message decoders report them as
 * {@link dev.jbgp.wire.error.BgpDecodeException}. Nothing here holds a {@code ByteBuf}.
 */
public final class MrtFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param offset  where the offending record starts in the uncompressed stream
     * @param message what is wrong, naming the field
     */
    public MrtFormatException(long offset, String message) {
        super(message + " (record at offset " + offset + ")");
        this.offset = offset;
    }

    /** The same, for a failure of the underlying decompressor. */
    public MrtFormatException(long offset, String message, Throwable cause) {
        super(message + " (record at offset " + offset + ")", cause);
        this.offset = offset;
    }

    /** Offset of the offending record's header in the uncompressed stream. */
    public long offset() {
        return offset;
    }
}
