/**
 * {@link dev.jbgp.testkit.peer.RawBgpPeer}: a raw-bytes BGP speaker for conformance tests, with the
 * few hand-built messages it needs in {@link dev.jbgp.testkit.peer.RawMessages}. Independent of
 * jbgp's own codecs on purpose.
 */
package dev.jbgp.testkit.peer;
