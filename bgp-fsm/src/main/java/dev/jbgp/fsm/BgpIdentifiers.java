package dev.jbgp.fsm;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Conversions of the 4-octet BGP Identifier (RFC 4271 §4.2, RFC 6286) between {@code int} and text. */
public final class BgpIdentifiers {

    private BgpIdentifiers() {
    }

    /** The identifier for a dotted-quad string such as {@code "192.0.2.1"}. */
    public static int parse(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a dotted quad: " + dottedQuad);
        }
        int value = 0;
        for (String p : parts) {
            int octet = Integer.parseInt(p);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not a dotted quad: " + dottedQuad);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** The identifier with the octets of this IPv4 address. */
    public static int of(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** The identifier as an IPv4 address value. */
    public static Inet4Address toAddress(int id) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four octets are always a valid address
        }
    }

    /** Dotted-quad text. */
    public static String toText(int id) {
        return (id >>> 24) + "." + ((id >>> 16) & 0xFF) + "." + ((id >>> 8) & 0xFF) + "." + (id & 0xFF);
    }
}
