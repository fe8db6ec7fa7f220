package dev.jbgp.bench;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * The three loads whose retained heap per route jbgp reports ({@link MemoryFootprint} and
 * {@link RibFootprintBenchmark} both measure these, through {@link RetainedHeap}):
 * <ul>
 *   <li>{@link #ONE_TABLE}: the reference full table ({@link TableStreams}, 323,485 prefixes) from one
 *       eBGP peer;</li>
 *   <li>{@link #FOUR_TABLES}: the same table from four eBGP peers, each with its own NEXT_HOP, so each
 *       prefix holds four paths and there are four times as many attribute sets;</li>
 *   <li>{@link #RACE_LOAD}: the race's table ({@code benchmarks/race/sender.py}: 1,000,000 /24s from
 *       11.0.0.0 upward in 1000 attribute sets, each set a contiguous block of prefixes) from one peer;
 *       with so few attribute sets it is the cost of the prefix storage itself.</li>
 * </ul>
 * Every stream is encoded by {@link TableStreams#encode} (UPDATEs of a 4-octet-AS session, at most
 * 4096 octets each).
 */
public enum FootprintLoad {

    /** The reference table from one peer. */
    ONE_TABLE(1),
    /** The reference table from four peers with different next hops. */
    FOUR_TABLES(4),
    /** 1,000,000 generated /24s in 1000 attribute sets from one peer (the race's load). */
    RACE_LOAD(1);

    /** The next hop of each peer's copy of the reference table (RFC 2544's benchmark range). */
    private static final String[] NEXT_HOPS = {"198.18.0.1", "198.18.0.2", "198.18.0.3", "198.18.0.4"};
    /** The race's number of /24s ({@code benchmarks/race.sh 1000000}). */
    static final int RACE_ROUTES = 1_000_000;
    /** The number of attribute sets they come in. */
    static final int RACE_SETS = 1000;

    private final int peers;

    FootprintLoad(int peers) {
        this.peers = peers;
    }

    /** The number of peers (one stream each) the load comes from. */
    public int peers() {
        return peers;
    }

    /**
     * Encodes the load: one UPDATE stream per peer, in peer order. The buffers are unpooled direct
     * buffers owned by the caller, who releases every one of them (also when a later one failed to
     * build, nothing is left allocated).
     */
    public List<ByteBuf> streams() {
        List<ByteBuf> out = new ArrayList<>(peers);
        try {
            if (this == RACE_LOAD) {
                out.add(TableStreams.encode(generated(RACE_ROUTES, RACE_SETS)));
                return out;
            }
            List<TableText.Group> groups = TableStreams.groups();
            for (int p = 0; p < peers; p++) {
                List<TableText.Group> g = new ArrayList<>(groups.size());
                for (TableText.Group x : groups) {
                    g.add(TableStreams.withNextHop(x, NEXT_HOPS[p]));
                }
                out.add(TableStreams.encode(g));
            }
            return out;
        } catch (RuntimeException | Error e) {
            release(out);
            throw e;
        }
    }

    /** Releases every stream of {@code streams} (as returned by {@link #streams()}). */
    public static void release(List<ByteBuf> streams) {
        for (ByteBuf s : streams) {
            s.release();
        }
    }

    /**
     * The race sender's table: {@code n} /24s from 11.0.0.0 upward, attribute set k (AS path of 2 to 4
     * private 4-octet ASes after the peer's, MED and a community per k) on the contiguous block
     * [k*n/sets, (k+1)*n/sets).
     */
    static List<TableText.Group> generated(int n, int sets) {
        List<TableText.Group> out = new ArrayList<>(sets);
        for (int k = 0; k < sets; k++) {
            StringBuilder path = new StringBuilder().append(TableStreams.PEER_AS).append(' ').append(4_200_001_000L + k);
            for (int h = 0; h < k % 3; h++) {
                path.append(' ').append(4_200_100_000L + (k * 7 + h) % 1000);
            }
            List<String> prefixes = new ArrayList<>();
            for (int j = k * n / sets; j < (k + 1) * n / sets; j++) {
                int a = (11 << 24) + (j << 8);
                prefixes.add((a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + ".0/24");
            }
            out.add(new TableText.Group(path.toString(), "IGP", "198.18.0.1", Integer.toString(k % 10 * 10),
                    "65535:" + (k % 65536), prefixes));
        }
        return out;
    }
}
