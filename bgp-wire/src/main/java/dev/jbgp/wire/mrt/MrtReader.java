package dev.jbgp.wire.mrt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A streaming reader of MRT files (RFC 6396): RIPE RIS / RouteViews / BIRD / OpenBGPD dumps of
 * TABLE_DUMP, TABLE_DUMP_V2 and BGP4MP(_ET) records, plain or gzip-compressed (recognised by its
 * magic bytes, not the file name). Memory stays constant whatever the file size: each call to
 * {@link #next()} reads one 12-octet header and exactly that record's body into one reusable buffer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Type              |            Subtype            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             Length                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Message... (variable)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   (RFC 6396 §2; for the _ET types the first 4 body octets are microseconds, §3)
 * </pre>
 *
 * <pre>{@code
 * try (MrtReader reader = MrtReader.open(Path.of("bview.20250101.0000.gz"))) {
 *     while (reader.next()) {
 *         if (reader.record() instanceof RibRecord rib) {
 *             for (int i = 0; i < rib.entryCount(); i++) {
 *                 consume(rib.prefix(), rib.peer(i), rib.attributes(i));
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Records.</b> {@link #record()} is a {@link PeerIndexTable}, {@link RibRecord},
 * {@link Bgp4mpMessage}, {@link Bgp4mpStateChange} or {@link TableDumpRecord}. Records of any other
 * type or subtype (RIB_GENERIC, BGP4MP_ENTRY, OSPF, ISIS, ...) are skipped without buffering and
 * counted in {@link #skippedRecords()}; they are never an error.
 *
 * <p><b>Buffer ownership.</b> The reader owns one heap buffer, grown to the largest record seen, and
 * releases it in {@link #close()}. It is a plain wrapped array, not pooled memory: a reader that is
 * never closed costs a file handle, never allocator memory, and the buffer is not leak-tracked (which
 * would make every field access record a stack trace in leak-detecting test runs). The flyweight records and every {@code ByteBuf}
 * they return (slices, not retained) are valid only until the next {@link #next()} or
 * {@link #close()}; a stale flyweight throws {@link IllegalStateException}. To keep bytes longer,
 * {@code retain()} the slice and {@code release()} it when done: the reader notices the extra
 * reference and reads the next record into a fresh buffer instead of overwriting the retained one.
 *
 * <p><b>Errors.</b> A malformed or truncated record raises {@link MrtFormatException} (an
 * {@link IOException}) naming the record's offset in the uncompressed stream; the reader never lets
 * an {@code IndexOutOfBoundsException} or the like escape for bad input. After a malformed record
 * whose length was intact, {@code next()} may be called again and continues with the following
 * record; after a truncated stream it returns {@code false}. BGP messages inside records are not
 * decoded here (see {@link Bgp4mpMessage#message()}).
 *
 * <p>Not thread-safe: one reader belongs to one thread at a time.
 */
public final class MrtReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MrtReader.class);

    /** The default largest record body accepted: far above any real record, small enough to be safe. */
    public static final int DEFAULT_MAX_RECORD_LENGTH = 16 * 1024 * 1024;

    private static final int HEADER_LENGTH = 12;
    private static final int ET_LENGTH = 4;
    private static final int INITIAL_BUFFER = 4096;
    /** Bodies are read at most this much at a time so a lying length field cannot force a huge allocation. */
    private static final int READ_CHUNK = 256 * 1024;
    private static final int STREAM_BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxRecordLength;
    private final byte[] header = new byte[HEADER_LENGTH];
    private final byte[] scratch = new byte[8192];
    private final RibRecord rib = new RibRecord();
    private final Bgp4mpMessage message = new Bgp4mpMessage();
    private final TableDumpRecord tableDump = new TableDumpRecord();

    /** The body of the current record, and the buffer over it handed to the flyweights. */
    private byte[] array = new byte[INITIAL_BUFFER];
    private ByteBuf buf = Unpooled.wrappedBuffer(array);
    private MrtRecord current;
    private PeerIndexTable peerTable;
    private long position;
    private long recordsRead;
    private long skippedRecords;
    private boolean finished;
    private boolean closed;

    private MrtReader(InputStream in, int maxRecordLength) {
        this.in = in;
        this.maxRecordLength = maxRecordLength;
    }

    /**
     * Opens an MRT file, plain or gzip-compressed. The reader owns the file handle; close the reader.
     *
     * @throws IOException when the file cannot be opened, or is bzip2-compressed (not supported:
     *                     decompress it first)
     */
    public static MrtReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return open(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Reads MRT from a stream, plain or gzip-compressed, with the default record limit.
     * The reader takes ownership of {@code in} and closes it in {@link #close()}.
     */
    public static MrtReader open(InputStream in) throws IOException {
        return open(in, DEFAULT_MAX_RECORD_LENGTH);
    }

    /**
     * Reads MRT from a stream, plain or gzip-compressed. The reader takes ownership of {@code in} and
     * closes it in {@link #close()}.
     *
     * @param maxRecordLength the largest record body accepted; a longer one is skipped and reported
     *                        as a {@link MrtFormatException}
     */
    public static MrtReader open(InputStream in, int maxRecordLength) throws IOException {
        Objects.requireNonNull(in, "in");
        if (maxRecordLength < 0) {
            throw new IllegalArgumentException("maxRecordLength must be >= 0, got " + maxRecordLength);
        }
        BufferedInputStream buffered = new BufferedInputStream(in, STREAM_BUFFER);
        buffered.mark(3);
        int b0 = buffered.read();
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        InputStream source = buffered;
        if (b0 == 0x1f && b1 == 0x8b) { // RFC 1952 §2.3.1 ID1 ID2
            try {
                source = new BufferedInputStream(new GZIPInputStream(buffered, STREAM_BUFFER), STREAM_BUFFER);
            } catch (ZipException | EOFException e) {
                throw new MrtFormatException(0, "corrupt gzip header", e);
            }
        } else if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            throw new IOException("bzip2-compressed MRT (RouteViews .bz2) is not supported: decompress it first");
        }
        return new MrtReader(source, maxRecordLength);
    }

    /**
     * Advances to the next record this reader understands, skipping (and counting) the others.
     * Invalidates the previous record's flyweight and slices.
     *
     * @return {@code false} at the end of the stream
     * @throws MrtFormatException for a malformed or truncated record (see the class javadoc)
     * @throws IOException        when the underlying stream fails
     */
    public boolean next() throws IOException {
        if (closed) {
            throw new IllegalStateException("MrtReader is closed");
        }
        invalidate();
        while (!finished) {
            long recordOffset = position;
            int got = readFully(header, recordOffset);
            if (got == 0) {
                finished = true;
                return false;
            }
            if (got < HEADER_LENGTH) {
                finished = true;
                throw new MrtFormatException(recordOffset, "stream ends inside a record header (" + got + " of "
                        + HEADER_LENGTH + " octets)");
            }
            long timestamp = uint32(0);
            int type = uint16(4);
            int subtype = uint16(6);
            long length = uint32(8);
            if (!understood(type, subtype)) {
                skip(length, recordOffset);
                skippedRecords++;
                LOG.trace("skipped MRT type {} subtype {} at offset {}", type, subtype, recordOffset);
                continue;
            }
            if (length > maxRecordLength) {
                skip(length, recordOffset);
                throw new MrtFormatException(recordOffset, "MRT type " + type + " subtype " + subtype + ": length "
                        + length + " exceeds the limit of " + maxRecordLength + " octets");
            }
            readBody((int) length, recordOffset);
            current = parse(timestamp, type, subtype, recordOffset);
            recordsRead++;
            return true;
        }
        return false;
    }

    /**
     * The record {@link #next()} moved to: a value or a flyweight valid until the next call.
     *
     * @throws IllegalStateException before the first {@code next()}, after it returned {@code false} or
     *                               threw, and after {@link #close()}
     */
    public MrtRecord record() {
        if (current == null) {
            throw new IllegalStateException("no current MRT record: next() has not returned true");
        }
        return current;
    }

    /** The latest PEER_INDEX_TABLE read, which the following RIB records refer to. */
    public Optional<PeerIndexTable> peerIndexTable() {
        return Optional.ofNullable(peerTable);
    }

    /** How many records {@link #next()} has returned. */
    public long recordsRead() {
        return recordsRead;
    }

    /** How many records of a type or subtype this reader does not understand were skipped. */
    public long skippedRecords() {
        return skippedRecords;
    }

    /** Octets consumed so far from the uncompressed stream. */
    public long position() {
        return position;
    }

    /** Releases the buffer and closes the stream. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        invalidate();
        if (buf.refCnt() > 0) {
            buf.release();
        }
        in.close();
    }

    private void invalidate() {
        current = null;
        rib.clear();
        message.clear();
        tableDump.clear();
    }

    private static boolean understood(int type, int subtype) {
        switch (type) {
            case MrtTypes.TABLE_DUMP:
                return subtype == MrtTypes.TableDump.AFI_IPV4 || subtype == MrtTypes.TableDump.AFI_IPV6;
            case MrtTypes.TABLE_DUMP_V2:
                return subtype == MrtTypes.TableDumpV2.PEER_INDEX_TABLE || ribSubtype(subtype);
            case MrtTypes.BGP4MP:
            case MrtTypes.BGP4MP_ET:
                return stateChangeSubtype(subtype) || messageSubtype(subtype);
            default:
                return false;
        }
    }

    private static boolean ribSubtype(int subtype) {
        return subtype >= MrtTypes.TableDumpV2.RIB_IPV4_UNICAST && subtype <= MrtTypes.TableDumpV2.RIB_IPV6_MULTICAST
                || subtype >= MrtTypes.TableDumpV2.RIB_IPV4_UNICAST_ADDPATH
                && subtype <= MrtTypes.TableDumpV2.RIB_IPV6_MULTICAST_ADDPATH;
    }

    private static boolean stateChangeSubtype(int subtype) {
        return subtype == MrtTypes.Bgp4mp.STATE_CHANGE || subtype == MrtTypes.Bgp4mp.STATE_CHANGE_AS4;
    }

    private static boolean messageSubtype(int subtype) {
        return subtype == MrtTypes.Bgp4mp.MESSAGE
                || subtype >= MrtTypes.Bgp4mp.MESSAGE_AS4 && subtype <= MrtTypes.Bgp4mp.MESSAGE_AS4_LOCAL_ADDPATH
                && subtype != MrtTypes.Bgp4mp.STATE_CHANGE_AS4;
    }

    private MrtRecord parse(long timestamp, int type, int subtype, long recordOffset) throws MrtFormatException {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        switch (type) {
            case MrtTypes.TABLE_DUMP:
                tableDump.wrap(buf, start, end, timestamp, subtype, recordOffset);
                return tableDump;
            case MrtTypes.TABLE_DUMP_V2:
                if (subtype == MrtTypes.TableDumpV2.PEER_INDEX_TABLE) {
                    peerTable = peerIndexTable(timestamp, recordOffset, start, end);
                    return peerTable;
                }
                rib.wrap(buf, start, end, timestamp, type, subtype, recordOffset, peerTable);
                return rib;
            default: // BGP4MP, BGP4MP_ET
                int microseconds = 0;
                if (type == MrtTypes.BGP4MP_ET) {
                    if (end - start < ET_LENGTH) {
                        throw new MrtFormatException(recordOffset, "BGP4MP_ET record of " + (end - start)
                                + " octets has no room for its microsecond timestamp");
                    }
                    microseconds = buf.getInt(start);
                    start += ET_LENGTH;
                }
                if (stateChangeSubtype(subtype)) {
                    return stateChange(timestamp, microseconds, type, subtype, recordOffset, start, end);
                }
                message.wrap(buf, start, end, timestamp, microseconds, type, subtype, recordOffset);
                return message;
        }
    }

    /** RFC 6396 §4.3.1. */
    private PeerIndexTable peerIndexTable(long timestamp, long recordOffset, int start, int end)
            throws MrtFormatException {
        int index = start;
        index = need(index, 6, end, recordOffset, "PEER_INDEX_TABLE collector BGP ID and view name length");
        int collectorBgpId = buf.getInt(start);
        int viewNameLength = buf.getUnsignedShort(start + 4);
        int viewStart = index;
        index = need(index, viewNameLength, end, recordOffset, "PEER_INDEX_TABLE view name");
        String viewName = buf.toString(viewStart, viewNameLength, StandardCharsets.UTF_8);
        int countAt = index;
        index = need(index, 2, end, recordOffset, "PEER_INDEX_TABLE peer count");
        int peerCount = buf.getUnsignedShort(countAt);
        List<MrtPeer> peers = new ArrayList<>(Math.min(peerCount, 1024));
        for (int i = 0; i < peerCount; i++) {
            int entry = index;
            index = need(index, 1, end, recordOffset, "peer entry " + i + " type");
            int peerType = buf.getUnsignedByte(entry);
            int addressLength = (peerType & MrtPeer.TYPE_IPV6) != 0 ? 16 : 4;
            int asLength = (peerType & MrtPeer.TYPE_AS4) != 0 ? 4 : 2;
            index = need(index, 4 + addressLength + asLength, end, recordOffset, "peer entry " + i);
            int bgpId = buf.getInt(entry + 1);
            InetAddress address = MrtFields.address(buf, entry + 5, addressLength);
            long asn = asLength == 4 ? buf.getUnsignedInt(entry + 5 + addressLength)
                    : buf.getUnsignedShort(entry + 5 + addressLength);
            peers.add(new MrtPeer(i, peerType, bgpId, address, asn));
        }
        if (index != end) {
            throw new MrtFormatException(recordOffset, "PEER_INDEX_TABLE: " + (end - index)
                    + " octets after the last peer entry");
        }
        return new PeerIndexTable(timestamp, recordOffset, collectorBgpId, viewName, peers);
    }

    /** RFC 6396 §4.4.1 and §4.4.4. */
    private Bgp4mpStateChange stateChange(long timestamp, int microseconds, int type, int subtype, long recordOffset,
                                          int start, int end) throws MrtFormatException {
        boolean as4 = subtype == MrtTypes.Bgp4mp.STATE_CHANGE_AS4;
        int asLength = as4 ? 4 : 2;
        int index = need(start, 2 * asLength + 4, end, recordOffset, "STATE_CHANGE AS numbers, interface index and AFI");
        long peerAs = as4 ? buf.getUnsignedInt(start) : buf.getUnsignedShort(start);
        long localAs = as4 ? buf.getUnsignedInt(start + 4) : buf.getUnsignedShort(start + 2);
        int interfaceIndex = buf.getUnsignedShort(start + 2 * asLength);
        int afi = buf.getUnsignedShort(start + 2 * asLength + 2);
        int addressLength = MrtFields.addressLength(afi);
        if (addressLength < 0) {
            throw new MrtFormatException(recordOffset, "STATE_CHANGE address family " + afi
                    + " is neither IPv4 (1) nor IPv6 (2)");
        }
        int addresses = index;
        index = need(index, 2 * addressLength + 4, end, recordOffset, "STATE_CHANGE addresses and states");
        if (index != end) {
            throw new MrtFormatException(recordOffset, "STATE_CHANGE: " + (end - index) + " octets after the new state");
        }
        InetAddress peer = MrtFields.address(buf, addresses, addressLength);
        InetAddress local = MrtFields.address(buf, addresses + addressLength, addressLength);
        int states = addresses + 2 * addressLength;
        return new Bgp4mpStateChange(timestamp, microseconds, type, subtype, recordOffset, peerAs, localAs,
                interfaceIndex, afi, peer, local, buf.getUnsignedShort(states), buf.getUnsignedShort(states + 2));
    }

    /** Returns {@code index + length} when that many octets remain before {@code end}, else throws. */
    private static int need(int index, int length, int end, long recordOffset, String field) throws MrtFormatException {
        if (end - index < length) {
            throw new MrtFormatException(recordOffset, field + " needs " + length + " octets but only "
                    + (end - index) + " remain");
        }
        return index + length;
    }

    private long uint32(int at) {
        return ((header[at] & 0xFFL) << 24) | ((header[at + 1] & 0xFF) << 16) | ((header[at + 2] & 0xFF) << 8)
                | (header[at + 3] & 0xFF);
    }

    private int uint16(int at) {
        return ((header[at] & 0xFF) << 8) | (header[at + 1] & 0xFF);
    }

    /** Reads until {@code into} is full or the stream ends; returns the octets read. */
    private int readFully(byte[] into, long recordOffset) throws IOException {
        int got = 0;
        while (got < into.length) {
            int n = read(into, got, into.length - got, recordOffset);
            if (n < 0) {
                break;
            }
            got += n;
        }
        position += got;
        return got;
    }

    private int read(byte[] into, int off, int len, long recordOffset) throws IOException {
        try {
            return in.read(into, off, len);
        } catch (ZipException | EOFException e) {
            finished = true;
            throw new MrtFormatException(recordOffset, "corrupt or truncated compressed stream", e);
        }
    }

    /** Reads exactly {@code length} body octets into the reusable buffer. */
    private void readBody(int length, long recordOffset) throws IOException {
        if (buf.refCnt() != 1) {
            // The consumer retained a slice of the last record (or over-released one): leave that array
            // to them and read into a fresh one, so what they kept is not overwritten.
            if (buf.refCnt() > 0) {
                buf.release();
            }
            array = new byte[array.length];
            buf = Unpooled.wrappedBuffer(array);
        }
        int got = 0;
        while (got < length) {
            // Grow with what actually arrives, never to a length field's promise up front.
            int want = Math.min(length - got, READ_CHUNK);
            if (array.length - got < want) {
                array = Arrays.copyOf(array, (int) Math.min(length, Math.max(2L * array.length, got + want)));
                buf.release();
                buf = Unpooled.wrappedBuffer(array);
            }
            int n = read(array, got, want, recordOffset);
            if (n < 0) {
                finished = true;
                throw new MrtFormatException(recordOffset, "stream ends inside a record body (" + got + " of "
                        + length + " octets)");
            }
            got += n;
            position += n;
        }
        buf.setIndex(0, length);
    }

    /** Skips a body without buffering it. */
    private void skip(long length, long recordOffset) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            int n = read(scratch, 0, (int) Math.min(remaining, scratch.length), recordOffset);
            if (n < 0) {
                finished = true;
                throw new MrtFormatException(recordOffset, "stream ends inside a skipped record body ("
                        + (length - remaining) + " of " + length + " octets)");
            }
            remaining -= n;
            position += n;
        }
    }
}
