package dev.jbgp.rib;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address helpers that never resolve names: {@code int}/{@code byte[]} to {@link InetAddress}. */
final class InetAddresses {

    static final InetAddress ANY4 = ofV4(0);

    private InetAddresses() {
    }

    static InetAddress ofV4(int address) {
        return of(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }

    static InetAddress of(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address must be 4 or 16 octets, got " + bytes.length, e);
        }
    }
}
