package dev.jbgp.speaker;

import dev.jbgp.rib.AdjRibIn;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The speaker's start-up warm-up ({@link SpeakerConfig#warmUpRoutes()}): before any session can come
 * up, a synthetic IPv4 table is received into a scratch {@link Rib} through the same calls a
 * neighbour's UPDATEs take on the RIB thread — {@link UpdateView#wrap}, {@link UpdateValidator#validate},
 * {@link AdjRibIn#apply}, replacements, withdrawals, End-of-RIB (RFC 4724 §2) and the peer going down —
 * and the scratch RIB is then dropped.
 *
 * <p>Why: the JVM loads, initialises, interprets and compiles that code the first time it runs. Without
 * a warm-up the first full table a speaker receives pays all of it inside the session, at the moment
 * the peer is waiting on us (measured with the C1 compiler: a 1,000,000-route receive took 0.75 s in a
 * fresh JVM and 0.37-0.44 s repeated in it; benchmarks/README.md). Paying part of it at start, once
 * per speaker, is the trade every user gets by default.
 *
 * <p>The table: {@code routes} /24s in 64 attribute sets (ORIGIN, a 4-octet AS_PATH of one to four
 * hops starting with the scratch peer's AS, NEXT_HOP, MULTI_EXIT_DISC, COMMUNITIES), packed into
 * UPDATEs of at most 4096 octets as a peer sends a full table; then an eighth of them re-announced with
 * other attributes and a sixteenth withdrawn. The peer is 192.0.2.1 (RFC 5737 documentation address)
 * in a documentation AS (RFC 5398); nothing of it leaves this class: the scratch RIB has no other peer.
 *
 * <p>Buffers: allocates its UPDATEs from the given allocator and releases each before returning.
 * Not thread-safe; the speaker runs it on its RIB thread.
 */
final class WarmUp {

    /** Attribute sets in the synthetic table. */
    private static final int SETS = 64;
    /** 192.0.2.1 (RFC 5737 TEST-NET-1): the scratch peer and its NEXT_HOP. */
    private static final int PEER_ADDRESS = 0xC0000201;
    /** The first synthetic /24 (a scratch RIB only: never announced to anyone). */
    private static final int FIRST_PREFIX = 0x01000000;

    private WarmUp() {
    }

    /**
     * Receives the synthetic table of {@code routes} /24s into a scratch RIB built from
     * {@code ribConfig} and drops it. {@code routes} of 0 does nothing.
     *
     * @param localAs our AS (the scratch peer's AS differs from it: an eBGP peer)
     * @return the number of prefixes the scratch Loc-RIB held after the table (for tests)
     */
    static int run(RibConfig ribConfig, long localAs, int routes, ByteBufAllocator alloc) {
        if (routes <= 0) {
            return 0;
        }
        long peerAs = localAs == 64496 ? 64497 : 64496; // RFC 5398 documentation ASes
        Rib rib = Rib.create(ribConfig);
        PeerId peer;
        try {
            peer = PeerId.external(InetAddress.getByAddress(intBytes(PEER_ADDRESS)), peerAs, PEER_ADDRESS);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four octets are always an address
        }
        rib.peerUp(peer, PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
        AdjRibIn in = rib.adjRibIn(peer);
        CodecContext ctx = CodecContext.MODERN;
        UpdateBuilder builder = new UpdateBuilder(ctx);
        UpdateView view = new UpdateView();
        UpdateValidator validator = new UpdateValidator();
        byte[][] sets = new byte[SETS * 2][];
        for (int k = 0; k < sets.length; k++) {
            sets[k] = attributes(peerAs, k);
        }
        long[] keys = new long[routes];
        for (int i = 0; i < routes; i++) {
            keys[i] = Ipv4Prefix.of(FIRST_PREFIX + (i << 8), 24).key();
        }
        ByteBuf out = alloc.buffer(ctx.maxMessageLength());
        try {
            // The table: runs of prefixes per attribute set, as a peer dumps its Adj-RIB-Out.
            int run = Math.max(1, routes / SETS / 4);
            for (int from = 0, set = 0; from < routes; set = (set + 1) % SETS) {
                int to = Math.min(routes, from + run);
                while (from < to) {
                    from = builder.announceIpv4(out.clear(), sets[set], sets[set].length, keys, from, to);
                    apply(in, view, validator, out, ctx);
                }
            }
            int loaded = rib.size();
            // Churn: an eighth replaced with other attributes (implicit withdraw), a sixteenth withdrawn.
            for (int from = 0, set = SETS; from < routes / 8; set = SETS + (set + 1) % SETS) {
                int to = Math.min(routes / 8, from + run);
                while (from < to) {
                    from = builder.announceIpv4(out.clear(), sets[set], sets[set].length, keys, from, to);
                    apply(in, view, validator, out, ctx);
                }
            }
            List<Prefix> gone = new ArrayList<>(routes / 16);
            for (int i = routes - routes / 16; i < routes; i++) {
                gone.add(Ipv4Prefix.of(FIRST_PREFIX + (i << 8), 24));
            }
            for (int from = 0; from < gone.size(); ) {
                from = builder.withdraw(out.clear(), gone, from);
                apply(in, view, validator, out, ctx);
            }
            UpdateBuilder.endOfRib(out.clear(), AddressFamily.IPV4_UNICAST);
            apply(in, view, validator, out, ctx);
            rib.peerDown(peer);
            return loaded;
        } finally {
            out.release();
        }
    }

    /** One UPDATE through the receive path; a synthetic UPDATE that fails is a bug in this class. */
    private static void apply(AdjRibIn in, UpdateView view, UpdateValidator validator, ByteBuf update,
                              CodecContext ctx) {
        try {
            view.wrap(update, ctx);
            UpdateVerdict verdict = validator.validate(view);
            if (verdict.action().isPresent()) {
                throw new IllegalStateException("warm-up UPDATE rejected: " + verdict);
            }
            in.apply(view, verdict);
        } catch (BgpDecodeException e) {
            throw new IllegalStateException("warm-up UPDATE rejected", e);
        }
    }

    /**
     * Attribute set {@code k}: ORIGIN (RFC 4271 §5.1.1), AS_PATH one AS_SEQUENCE of 1-4 four-octet ASes
     * starting with the peer's (§5.1.2, RFC 6793), NEXT_HOP (§5.1.3), MULTI_EXIT_DISC (§5.1.4) and one or
     * two COMMUNITIES (RFC 1997).
     */
    private static byte[] attributes(long peerAs, int k) {
        int hops = 1 + k % 4;
        int communities = 1 + k % 2;
        int length = 4 + (3 + 2 + 4 * hops) + 7 + 7 + (3 + 4 * communities);
        byte[] b = new byte[length];
        int p = 0;
        b[p++] = 0x40; b[p++] = 1; b[p++] = 1; b[p++] = (byte) (k % 3);
        b[p++] = 0x40; b[p++] = 2; b[p++] = (byte) (2 + 4 * hops); b[p++] = 2; b[p++] = (byte) hops;
        p = putInt(b, p, (int) peerAs);
        for (int h = 1; h < hops; h++) {
            p = putInt(b, p, (int) (4_200_000_000L + k * 4L + h)); // RFC 6996 private 4-octet ASes
        }
        b[p++] = 0x40; b[p++] = 3; b[p++] = 4;
        p = putInt(b, p, PEER_ADDRESS);
        b[p++] = (byte) 0x80; b[p++] = 4; b[p++] = 4;
        p = putInt(b, p, k * 10);
        b[p++] = (byte) 0xC0; b[p++] = 8; b[p++] = (byte) (4 * communities);
        for (int c = 0; c < communities; c++) {
            p = putInt(b, p, (int) (peerAs << 16) | (k + c));
        }
        return b;
    }

    private static int putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
        return p + 4;
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
