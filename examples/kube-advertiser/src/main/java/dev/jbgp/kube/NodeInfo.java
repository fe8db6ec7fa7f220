package dev.jbgp.kube;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a Kubernetes Node the agent reads, copied out of the API object so the
 * {@link Advertiser} stays pure. Strings are kept raw: parsing (and its errors) belongs to the advertiser.
 * Immutable value.
 *
 * @param name {@code metadata.name}
 * @param podCidrs {@code spec.podCIDRs}, or {@code spec.podCIDR} alone when the list is absent
 * @param internalIps the {@code status.addresses} of type InternalIP, in order
 * @param annotations {@code metadata.annotations}
 */
public record NodeInfo(String name, List<String> podCidrs, List<String> internalIps, Map<String, String> annotations) {

    public NodeInfo {
        Objects.requireNonNull(name, "name");
        podCidrs = List.copyOf(podCidrs);
        internalIps = List.copyOf(internalIps);
        annotations = Map.copyOf(annotations);
    }
}
