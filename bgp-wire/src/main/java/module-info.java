/**
 * jbgp wire: BGP-4 message codecs. No I/O, no threads; every {@code ByteBuf} a method takes or returns
 * says in its javadoc who releases it.
 */
module dev.jbgp.wire {
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;
    requires org.slf4j;

    exports dev.jbgp.wire;
    exports dev.jbgp.wire.attr;
    exports dev.jbgp.wire.capability;
    exports dev.jbgp.wire.error;
    exports dev.jbgp.wire.iana;
    exports dev.jbgp.wire.message;
    exports dev.jbgp.wire.nlri;
    exports dev.jbgp.wire.mrt;
}
