/**
 * jbgp fsm: the RFC 4271 §8 session state machine (pure: events in, actions out) and the Netty
 * driver that runs it over TCP.
 */
module dev.jbgp.fsm {
    requires transitive dev.jbgp.wire;
    requires transitive dev.jbgp.rib;
    requires io.netty.transport;
    requires static io.netty.transport.classes.epoll;
    requires static io.netty.transport.unix.common;
    requires org.slf4j;

    exports dev.jbgp.fsm;
    exports dev.jbgp.fsm.netty;
    exports dev.jbgp.speaker;
}
