/**
 * The Netty driver of the session state machine: {@link dev.jbgp.fsm.netty.BgpTransport} owns the
 * event loops and the listening sockets, {@link dev.jbgp.fsm.netty.BgpSession} runs one peer's
 * {@link dev.jbgp.fsm.SessionFsm} over TCP, and a {@link dev.jbgp.fsm.netty.SessionListener}
 * receives UPDATEs (as retained {@code ByteBuf} slices it must release), ROUTE-REFRESH requests and
 * typed {@link dev.jbgp.fsm.netty.SessionNotice}s.
 */
package dev.jbgp.fsm.netty;
