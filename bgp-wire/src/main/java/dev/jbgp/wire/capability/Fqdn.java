package dev.jbgp.wire.capability;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * FQDN capability (draft-walton-bgp-hostname, IANA code 73): the speaker's host name and domain name,
 * each a 1-octet length followed by that many octets, shown by FRR and others in neighbour listings.
 *
 * <pre>
 * +--------------------------------+
 * | Hostname Length (1 octet)      |
 * +--------------------------------+
 * | Hostname (variable)            |
 * +--------------------------------+
 * | Domain Name Length (1 octet)   |
 * +--------------------------------+
 * | Domain Name (variable)         |
 * +--------------------------------+
 * </pre>
 *
 * Names are decoded as UTF-8 (malformed sequences become U+FFFD, never an error).
 *
 * @param hostname   the host name, at most 255 octets in UTF-8
 * @param domainName the domain name, possibly empty
 */
public record Fqdn(String hostname, String domainName) implements Capability {

    public Fqdn {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(domainName, "domainName");
        int h = hostname.getBytes(StandardCharsets.UTF_8).length;
        int d = domainName.getBytes(StandardCharsets.UTF_8).length;
        if (h > 255 || d > 255 || 2 + h + d > 255) {
            throw new IllegalArgumentException("host and domain name do not fit one capability (" + h + "+" + d + " octets)");
        }
    }

    /**
     * Decodes the value; ownership of {@code buf} unchanged. A value that ends right after the host
     * name has an empty domain name; a name running past the value, or octets after the domain
     * name, are malformed.
     */
    public static Fqdn decodeValue(ByteBuf buf, int index, int length) throws BgpDecodeException {
        if (length < 1) {
            throw Capabilities.malformed("FQDN capability is empty");
        }
        int hostLength = buf.getUnsignedByte(index);
        if (1 + hostLength > length) {
            throw Capabilities.malformed("FQDN host name length " + hostLength + " overruns the capability");
        }
        String host = buf.toString(index + 1, hostLength, StandardCharsets.UTF_8);
        int p = 1 + hostLength;
        if (p == length) {
            return new Fqdn(host, "");
        }
        int domainLength = buf.getUnsignedByte(index + p);
        if (p + 1 + domainLength != length) {
            throw Capabilities.malformed("FQDN domain name length " + domainLength + " does not match the capability");
        }
        return new Fqdn(host, buf.toString(index + p + 1, domainLength, StandardCharsets.UTF_8));
    }

    @Override
    public int code() {
        return CapabilityCode.FQDN;
    }

    @Override
    public void encode(ByteBuf out) {
        byte[] h = hostname.getBytes(StandardCharsets.UTF_8);
        byte[] d = domainName.getBytes(StandardCharsets.UTF_8);
        out.writeByte(CapabilityCode.FQDN);
        out.writeByte(2 + h.length + d.length);
        out.writeByte(h.length);
        out.writeBytes(h);
        out.writeByte(d.length);
        out.writeBytes(d);
    }

    @Override
    public int encodedLength() {
        return 4 + hostname.getBytes(StandardCharsets.UTF_8).length + domainName.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return "fqdn(" + hostname + (domainName.isEmpty() ? "" : " / " + domainName) + ")";
    }
}
