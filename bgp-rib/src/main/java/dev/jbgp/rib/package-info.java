/**
 * The RIB API: {@link dev.jbgp.rib.Rib} (the tables, confined to one thread), the values it holds
 * ({@link dev.jbgp.rib.PathAttributes}, {@link dev.jbgp.rib.Route}, {@link dev.jbgp.rib.PeerId}) and
 * the immutable snapshots and change events it publishes.
 */
package dev.jbgp.rib;
