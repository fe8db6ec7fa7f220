package dev.jbgp.kube;

/**
 * AS_PATH prepending asked for by the node annotations {@code kube-router.io/path-prepend.as} and
 * {@code kube-router.io/path-prepend.repeat-n}: on export to external (eBGP) peers the speaker puts
 * {@code asn} {@code count} extra times in front of the AS_PATH (RFC 4271 §5.1.2 lets a speaker
 * prepend its own or another AS). Immutable value.
 *
 * @param asn the AS number to prepend (1 to 4294967295, RFC 6793 4-octet)
 * @param count how many times (1 to 255, what one AS_SEQUENCE segment holds)
 */
public record Prepend(long asn, int count) {

    public Prepend {
        if (asn < 1 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("prepend AS out of range: " + asn);
        }
        if (count < 1 || count > 255) {
            throw new IllegalArgumentException("prepend count out of range: " + count);
        }
    }
}
