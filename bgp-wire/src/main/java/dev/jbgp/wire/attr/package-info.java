/**
 * Path attributes: the in-place attribute cursor, one file per attribute family, and immutable attribute values (AS paths, communities).
 */
package dev.jbgp.wire.attr;
