package dev.jbgp.rib;

/** How the NEXT_HOP is set on routes exported to a peer (RFC 4271 §5.1.3). */
public enum NextHopMode {
    /**
     * eBGP: our local address, except that a next hop on the shared subnet is kept (third-party next
     * hop, §5.1.3 (2)); iBGP: unchanged, except locally originated routes get our local address.
     */
    AUTO,
    /** Always our local address (next-hop-self). */
    SELF,
    /** Never changed (route servers, next-hop-unchanged). */
    UNCHANGED
}
