package dev.jbgp.rib;

/**
 * One path we announce to a prefix's receivers: its ADD-PATH path identifier (RFC 7911 §3; 0 where no
 * path identifiers are sent) and the interned, exported attribute set. Immutable.
 */
public record AdvertisedPath(int pathId, PathAttributes attributes) {
}
