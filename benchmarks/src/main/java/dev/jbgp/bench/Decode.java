package dev.jbgp.bench;

import dev.jbgp.wire.BgpFrameDecoder;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.message.KeepaliveMessage;
import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.OpenMessage;
import dev.jbgp.wire.message.RouteRefreshMessage;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.mrt.Bgp4mpMessage;
import dev.jbgp.wire.mrt.MrtReader;
import dev.jbgp.wire.mrt.MrtRecord;
import dev.jbgp.wire.mrt.RibRecord;
import dev.jbgp.wire.mrt.TableDumpRecord;
import dev.jbgp.wire.nlri.NlriCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes BGP messages and prints what they mean: a small, honest look at bgp-wire from the command
 * line.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.Decode              # a built-in sample session
 * java -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.Decode FILE.mrt[.gz] [LIMIT]
 * java -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.Decode --hex HEX...
 * </pre>
 *
 * The built-in sample is one session's worth of messages written by hand from RFC 4271 §4: an OPEN
 * with multiprotocol, route-refresh and 4-octet-AS capabilities, an UPDATE with a withdrawal, six
 * attributes and two prefixes, a KEEPALIVE, and a NOTIFICATION carrying an RFC 8203 shutdown
 * communication.
 */
public final class Decode {

    private static final String[] SAMPLE = {
        "ffffffffffffffffffffffffffffffff00330104fde9005a0a000001160214010400010001020041040000fde9010400020001",
        "ffffffffffffffffffffffffffffffff005b02000418c0000200394001010040020a02020000fde90000fdea400304c61200018004"
                + "040000000ac00808fde90064ffffff01c0200c0000fde90000000100000002100a01180a0203",
        "ffffffffffffffffffffffffffffffff001304",
        "ffffffffffffffffffffffffffffffff00210306020b6d61696e74656e616e6365",
    };

    private final PrintStream out;
    private final UpdateView view = new UpdateView();
    private final UpdateValidator validator = new UpdateValidator();
    private final NlriCursor cursor = new NlriCursor();

    Decode(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        Decode decode = new Decode(System.out);
        if (args.length == 0) {
            System.out.println("Decoding a sample BGP session (4-octet AS) written by hand from RFC 4271:");
            decode.hexMessages(List.of(SAMPLE));
        } else if (args[0].equals("--hex")) {
            List<String> hex = new ArrayList<>(List.of(args).subList(1, args.length));
            decode.hexMessages(hex);
        } else {
            long limit = args.length > 1 ? Long.parseLong(args[1]) : 20;
            decode.mrt(Path.of(args[0]), limit);
        }
    }

    /** Frames and prints each hex-encoded message on a 4-octet-AS session. */
    void hexMessages(List<String> hexMessages) {
        for (String hex : hexMessages) {
            ByteBuf buf = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
            try {
                ByteBuf message = BgpFrameDecoder.STANDARD.decode(buf);
                if (message == null) {
                    out.println("incomplete message: " + hex);
                    continue;
                }
                try {
                    print(message, CodecContext.MODERN);
                } finally {
                    message.release();
                }
            } catch (BgpDecodeException e) {
                out.println("error: " + e);
            } finally {
                buf.release();
            }
        }
    }

    /** Prints the first {@code limit} BGP messages or RIB entries of an MRT file. */
    void mrt(Path file, long limit) throws IOException {
        long shown = 0;
        try (MrtReader reader = MrtReader.open(file)) {
            while (shown < limit && reader.next()) {
                MrtRecord record = reader.record();
                if (record instanceof Bgp4mpMessage m) {
                    out.println("BGP4MP from " + m.peerAddress().getHostAddress() + " AS" + m.peerAs() + ":");
                    print(m.message(), m.fourOctetAs() ? CodecContext.MODERN : CodecContext.RFC4271);
                    shown++;
                } else if (record instanceof TableDumpRecord dump) {
                    ByteBuf attrs = dump.attributes();
                    out.println("TABLE_DUMP " + dump.prefix() + " from " + dump.peerAddress().getHostAddress()
                            + " AS" + dump.peerAs() + ": "
                            + attributes(attrs, 0, attrs.readableBytes(), CodecContext.RFC4271));
                    shown++;
                } else if (record instanceof RibRecord rib) {
                    for (int i = 0; i < rib.entryCount() && shown < limit; i++, shown++) {
                        ByteBuf attrs = rib.attributes(i);
                        out.println("RIB " + rib.prefix() + " from " + rib.peer(i).address().getHostAddress()
                                + " AS" + rib.peer(i).asn() + ": " + attributes(attrs, 0, attrs.readableBytes(),
                                CodecContext.MODERN));
                    }
                }
            }
            out.println(reader.recordsRead() + " records read, " + reader.skippedRecords() + " skipped");
        }
    }

    private void print(ByteBuf message, CodecContext ctx) {
        try {
            MessageType type = BgpFrameDecoder.typeOf(message);
            switch (type) {
                case OPEN -> out.println("  " + OpenMessage.decode(message));
                case KEEPALIVE -> out.println("  " + KeepaliveMessage.INSTANCE);
                case NOTIFICATION -> out.println("  " + NotificationMessage.decode(message));
                case ROUTE_REFRESH -> out.println("  " + RouteRefreshMessage.decode(message, true));
                case UPDATE -> printUpdate(message, ctx);
                default -> out.println("  " + type);
            }
        } catch (BgpDecodeException e) {
            out.println("  error: " + e);
        }
    }

    private void printUpdate(ByteBuf message, CodecContext ctx) throws BgpDecodeException {
        view.wrap(message, ctx);
        UpdateVerdict verdict = validator.validate(view);
        if (view.isEndOfRib()) {
            out.println("  UPDATE End-of-RIB " + view.endOfRibFamily());
            return;
        }
        StringBuilder sb = new StringBuilder("  UPDATE");
        appendPrefixes(sb, " withdrawn", view.withdrawn(cursor));
        if (view.mpUnreachNlri(cursor)) {
            appendPrefixes(sb, " withdrawn", cursor);
        }
        if (view.pathAttributesLength() > 0) {
            sb.append(' ').append(attributes(message, view.pathAttributesOffset(), view.pathAttributesLength(), ctx));
        }
        appendPrefixes(sb, " nlri", view.nlri(cursor));
        if (view.mpReachNlri(cursor)) {
            appendPrefixes(sb, " nlri", cursor);
        }
        if (!verdict.isOk()) {
            sb.append("\n  RFC 7606: ").append(verdict.action().orElseThrow()).append(' ')
                    .append(verdict.error().map(Throwable::getMessage).orElse(""));
        }
        out.println(sb);
    }

    private static void appendPrefixes(StringBuilder sb, String label, NlriCursor c) throws BgpDecodeException {
        StringBuilder list = new StringBuilder();
        while (c.next()) {
            list.append(list.length() == 0 ? "" : ", ").append(c.toPrefix());
        }
        if (list.length() > 0) {
            sb.append(label).append(" [").append(list).append(']');
        }
    }

    private static String attributes(ByteBuf buf, int offset, int length, CodecContext ctx) {
        try {
            return PathAttributes.read(buf, offset, length, ctx).toString();
        } catch (BgpDecodeException e) {
            return "malformed attributes: " + e;
        }
    }
}
