package dev.jbgp.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies the fields the agent reads out of fabric8's API objects into the agent's own small records,
 * applying the API's documented defaults for absent fields. Every field of a Kubernetes object may be
 * absent, so every read here is null-safe. Stateless.
 */
public final class ModelConverter {

    private ModelConverter() {
    }

    /** A Node: pod CIDRs ({@code spec.podCIDRs}, else {@code spec.podCIDR}), InternalIPs, annotations. */
    public static NodeInfo node(Node n) {
        List<String> cidrs = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        if (n.getSpec() != null) {
            List<String> list = n.getSpec().getPodCIDRs();
            if (list != null && !list.isEmpty()) {
                cidrs.addAll(list);
            } else if (n.getSpec().getPodCIDR() != null && !n.getSpec().getPodCIDR().isBlank()) {
                cidrs.add(n.getSpec().getPodCIDR());
            }
        }
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            for (NodeAddress a : n.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType()) && a.getAddress() != null) {
                    ips.add(a.getAddress());
                }
            }
        }
        return new NodeInfo(name(n.getMetadata()), cidrs, ips, annotations(n.getMetadata()));
    }

    /** A Service, with {@code spec.clusterIPs} falling back to {@code spec.clusterIP} and policies to Cluster. */
    public static ServiceInfo service(Service s) {
        ServiceSpec spec = s.getSpec();
        List<String> clusterIps = new ArrayList<>();
        List<String> externalIps = new ArrayList<>();
        List<String> lbIps = new ArrayList<>();
        String type = "ClusterIP";
        String etp = "Cluster";
        String itp = "Cluster";
        if (spec != null) {
            if (spec.getType() != null) {
                type = spec.getType();
            }
            if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
                clusterIps.addAll(spec.getClusterIPs());
            } else if (spec.getClusterIP() != null && !spec.getClusterIP().isBlank()) {
                clusterIps.add(spec.getClusterIP());
            }
            if (spec.getExternalIPs() != null) {
                externalIps.addAll(spec.getExternalIPs());
            }
            if (spec.getExternalTrafficPolicy() != null) {
                etp = spec.getExternalTrafficPolicy();
            }
            if (spec.getInternalTrafficPolicy() != null) {
                itp = spec.getInternalTrafficPolicy();
            }
        }
        if (s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                && s.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress i : s.getStatus().getLoadBalancer().getIngress()) {
                if (i.getIp() != null && !i.getIp().isBlank()) {
                    lbIps.add(i.getIp()); // hostname-only ingress (some clouds) has no IP to advertise
                }
            }
        }
        return new ServiceInfo(namespace(s.getMetadata()), name(s.getMetadata()), type, clusterIps, externalIps,
                lbIps, etp, itp, annotations(s.getMetadata()));
    }

    /** An EndpointSlice; empty when it carries no {@code kubernetes.io/service-name} label (it belongs to no service). */
    public static Optional<EndpointSliceInfo> endpointSlice(EndpointSlice e) {
        ObjectMeta m = e.getMetadata();
        String service = m == null || m.getLabels() == null ? null : m.getLabels().get(EndpointSliceInfo.SERVICE_NAME_LABEL);
        if (service == null) {
            return Optional.empty();
        }
        List<EndpointSliceInfo.Endpoint> endpoints = new ArrayList<>();
        if (e.getEndpoints() != null) {
            for (Endpoint ep : e.getEndpoints()) {
                EndpointConditions c = ep.getConditions();
                // discovery.k8s.io/v1: nil ready means ready; nil serving means "same as ready"; nil terminating means not.
                boolean ready = c == null || c.getReady() == null || c.getReady();
                boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
                boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
                endpoints.add(new EndpointSliceInfo.Endpoint(Optional.ofNullable(ep.getNodeName()), ready, serving,
                        terminating));
            }
        }
        return Optional.of(new EndpointSliceInfo(namespace(m), name(m), service, endpoints));
    }

    /** A cluster state from any mix of objects; kinds other than Node, Service and EndpointSlice are ignored. */
    public static ClusterState clusterState(Collection<? extends HasMetadata> objects) {
        List<NodeInfo> nodes = new ArrayList<>();
        List<ServiceInfo> services = new ArrayList<>();
        List<EndpointSliceInfo> slices = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Node n) {
                nodes.add(node(n));
            } else if (o instanceof Service s) {
                services.add(service(s));
            } else if (o instanceof EndpointSlice e) {
                endpointSlice(e).ifPresent(slices::add);
            }
        }
        return ClusterState.of(nodes, services, slices);
    }

    private static String name(ObjectMeta m) {
        return m == null || m.getName() == null ? "" : m.getName();
    }

    private static String namespace(ObjectMeta m) {
        return m == null || m.getNamespace() == null ? "default" : m.getNamespace();
    }

    private static Map<String, String> annotations(ObjectMeta m) {
        return m == null || m.getAnnotations() == null ? Map.of() : m.getAnnotations();
    }
}
