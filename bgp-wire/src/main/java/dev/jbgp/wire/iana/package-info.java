/**
 * IANA registries: AFI, SAFI, attribute types, capability codes.
 */
package dev.jbgp.wire.iana;
