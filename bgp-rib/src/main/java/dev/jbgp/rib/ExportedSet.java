package dev.jbgp.rib;

/**
 * One attribute set as one update group announces it (BIRD's "bucket", OpenBGPD's per-peer aspath):
 * the interned exported set, its id in the group and how many of the group's prefixes carry it. What
 * a table dump reads per set (IPv4 prefix count, next-hop kind, the encoded Path Attributes field) is
 * kept by id in the group's arrays instead ({@link AdjRibOut}), so a dump never dereferences a set
 * object per prefix or per set. Dropped with its last prefix, when its id becomes free.
 *
 * <p>Owned by one {@link AdjRibOut} and confined to the RIB's thread. Holds no {@code ByteBuf}s.
 */
final class ExportedSet {

    final PathAttributes attributes;
    /** This set's index in its group's by-id arrays, unique among the group's live sets. */
    final int id;
    /** The group's prefixes (all families) announced with this set. */
    int prefixes;

    ExportedSet(PathAttributes attributes, int id) {
        this.attributes = attributes;
        this.id = id;
    }
}
