/**
 * Prefixes as values, and the reusable cursor that walks NLRI in place (with and without ADD-PATH).
 */
package dev.jbgp.wire.nlri;
