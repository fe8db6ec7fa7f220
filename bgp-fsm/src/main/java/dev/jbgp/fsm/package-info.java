/**
 * The BGP session state machine of RFC 4271 §8, without I/O: {@link dev.jbgp.fsm.SessionFsm} takes
 * {@link dev.jbgp.fsm.SessionEvent}s (administrative, timer, TCP and message events, each naming its
 * §8.1 number) and returns {@link dev.jbgp.fsm.SessionAction}s for a driver to carry out. Timers are
 * events, the clock is injected, nothing here owns a thread or a {@code ByteBuf}.
 */
package dev.jbgp.fsm;
