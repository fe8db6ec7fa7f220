package dev.jbgp.kube;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a Kubernetes Service the agent reads, copied out of the API object. Raw strings;
 * the {@link Advertiser} parses them and reports what does not parse. Immutable value.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param type {@code spec.type} (ClusterIP, NodePort, LoadBalancer, ExternalName); ClusterIP when unset
 * @param clusterIps {@code spec.clusterIPs}, or {@code spec.clusterIP} alone; {@code None} for headless
 * @param externalIps {@code spec.externalIPs}
 * @param loadBalancerIps the {@code ip} of each {@code status.loadBalancer.ingress} entry that has one
 * @param externalTrafficPolicy {@code spec.externalTrafficPolicy} (Cluster when unset)
 * @param internalTrafficPolicy {@code spec.internalTrafficPolicy} (Cluster when unset)
 * @param annotations {@code metadata.annotations}
 */
public record ServiceInfo(String namespace, String name, String type, List<String> clusterIps,
                          List<String> externalIps, List<String> loadBalancerIps, String externalTrafficPolicy,
                          String internalTrafficPolicy, Map<String, String> annotations) {

    public ServiceInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(externalTrafficPolicy, "externalTrafficPolicy");
        Objects.requireNonNull(internalTrafficPolicy, "internalTrafficPolicy");
        clusterIps = List.copyOf(clusterIps);
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
        annotations = Map.copyOf(annotations);
    }

    /** {@code namespace/name}, how messages name the service. */
    public String key() {
        return namespace + "/" + name;
    }
}
