package dev.jbgp.kube;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * This node's BGP settings read from its annotations (kube-router's keys, see {@link Annotations}):
 * its own AS, AS_PATH prepending, its own peers and export communities. Read on every change of the
 * node, so no restart is needed. A bad value is reported as a {@link Problem} and that one setting is
 * left out; nothing here throws. Immutable value.
 *
 * @param asn {@code kube-router.io/node.asn}, if given and valid
 * @param prepend the prepend pair, if both halves are given and valid
 * @param peers the node's own peers (list form then YAML form), in order
 * @param communities the export communities
 */
public record NodeSettings(Optional<Long> asn, Optional<Prepend> prepend, List<PeerSpec> peers,
                           SortedSet<Community> communities) {

    static final String ASN_FORM = "an AS number from 1 to 4294967295";
    static final String REPEAT_FORM = "a whole number from 1 to 255";
    static final String PORT_FORM = "a TCP port from 1 to 65535";
    static final String BASE64_FORM = "a base64-encoded password";

    public NodeSettings {
        peers = List.copyOf(peers);
        communities = new TreeSet<>(communities);
    }

    /**
     * Reads the annotations of {@code node}; peers get the hold time and graceful restart settings of
     * {@code config}. Problems are appended to {@code problems}.
     */
    public static NodeSettings parse(NodeInfo node, AgentConfig config, List<Problem> problems) {
        String subject = "node " + node.name();
        Map<String, String> a = node.annotations();

        Optional<Long> asn = Optional.empty();
        if (a.containsKey(Annotations.NODE_ASN)) {
            asn = parseAsn(a.get(Annotations.NODE_ASN), subject, Annotations.NODE_ASN, problems);
        }

        Optional<Prepend> prepend = Optional.empty();
        boolean hasAs = a.containsKey(Annotations.PATH_PREPEND_AS);
        boolean hasN = a.containsKey(Annotations.PATH_PREPEND_REPEAT_N);
        if (hasAs != hasN) {
            String missing = hasAs ? Annotations.PATH_PREPEND_REPEAT_N : Annotations.PATH_PREPEND_AS;
            problems.add(new Problem(subject, missing, "missing; " + Annotations.PATH_PREPEND_AS + " and "
                    + Annotations.PATH_PREPEND_REPEAT_N + " must be given together, so no prepending is done"));
        } else if (hasAs) {
            Optional<Long> pAs = parseAsn(a.get(Annotations.PATH_PREPEND_AS), subject, Annotations.PATH_PREPEND_AS,
                    problems);
            Optional<Long> n = parseRange(a.get(Annotations.PATH_PREPEND_REPEAT_N), 1, 255, subject,
                    Annotations.PATH_PREPEND_REPEAT_N, REPEAT_FORM, problems);
            if (pAs.isPresent() && n.isPresent()) {
                prepend = Optional.of(new Prepend(pAs.get(), n.get().intValue()));
            }
        }

        List<PeerSpec> peers = new ArrayList<>();
        if (a.containsKey(Annotations.PEER_IPS) || a.containsKey(Annotations.PEER_ASNS)) {
            peers.addAll(listPeers(a, subject, config, problems));
        }
        if (a.containsKey(Annotations.PEERS)) {
            peers.addAll(yamlPeers(a.get(Annotations.PEERS), subject, config, problems));
        }

        SortedSet<Community> communities = new TreeSet<>();
        String cs = a.get(Annotations.NODE_COMMUNITIES);
        if (cs != null) {
            for (String c : splitList(cs)) {
                try {
                    communities.add(Community.parse(c));
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.badValue(subject, Annotations.NODE_COMMUNITIES, c, Community.EXPECTED_FORM));
                }
            }
        }
        return new NodeSettings(asn, prepend, peers, communities);
    }

    private static List<PeerSpec> listPeers(Map<String, String> a, String subject, AgentConfig config,
                                            List<Problem> problems) {
        List<String> ips = splitList(a.getOrDefault(Annotations.PEER_IPS, ""));
        List<String> asns = splitList(a.getOrDefault(Annotations.PEER_ASNS, ""));
        Optional<List<String>> passwords = Optional.ofNullable(a.get(Annotations.PEER_PASSWORDS)).map(NodeSettings::splitKeepEmpty);
        Optional<List<String>> ports = Optional.ofNullable(a.get(Annotations.PEER_PORTS)).map(NodeSettings::splitList);
        if (ips.size() != asns.size()) {
            problems.add(new Problem(subject, Annotations.PEER_ASNS, "has " + asns.size() + " entries but "
                    + Annotations.PEER_IPS + " has " + ips.size() + "; expected one AS number per peer address, "
                    + "so no peers are taken from these annotations"));
            return List.of();
        }
        if (passwords.isPresent() && passwords.get().size() != ips.size()) {
            problems.add(new Problem(subject, Annotations.PEER_PASSWORDS, "has " + passwords.get().size()
                    + " entries but " + Annotations.PEER_IPS + " has " + ips.size()
                    + "; expected one (possibly empty) base64 password per peer address, so no peers are taken from these annotations"));
            return List.of();
        }
        if (ports.isPresent() && ports.get().size() != ips.size()) {
            problems.add(new Problem(subject, Annotations.PEER_PORTS, "has " + ports.get().size()
                    + " entries but " + Annotations.PEER_IPS + " has " + ips.size()
                    + "; expected one port per peer address, so no peers are taken from these annotations"));
            return List.of();
        }
        List<PeerSpec> out = new ArrayList<>();
        for (int i = 0; i < ips.size(); i++) {
            peer(subject, config, problems, Annotations.PEER_IPS, ips.get(i), Annotations.PEER_ASNS, asns.get(i),
                    Annotations.PEER_PASSWORDS, passwords.isPresent() ? passwords.get().get(i) : "",
                    Annotations.PEER_PORTS, ports.isPresent() ? ports.get().get(i) : "")
                    .ifPresent(out::add);
        }
        return out;
    }

    private static List<PeerSpec> yamlPeers(String yaml, String subject, AgentConfig config, List<Problem> problems) {
        String form = "a YAML list of maps with keys remoteip, remoteasn and optionally password (base64) and port";
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (RuntimeException e) {
            problems.add(Problem.badValue(subject, Annotations.PEERS, yaml, form));
            return List.of();
        }
        if (!(doc instanceof List<?> list)) {
            problems.add(Problem.badValue(subject, Annotations.PEERS, yaml, form));
            return List.of();
        }
        List<PeerSpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = Annotations.PEERS + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problems.add(Problem.badValue(subject, field, String.valueOf(list.get(i)), form));
                continue;
            }
            Map<String, String> lower = new java.util.HashMap<>();
            m.forEach((k, v) -> lower.put(String.valueOf(k).toLowerCase(Locale.ROOT), v == null ? "" : String.valueOf(v)));
            if (!lower.containsKey("remoteip") || !lower.containsKey("remoteasn")) {
                problems.add(new Problem(subject, field, "missing remoteip or remoteasn; expected " + form));
                continue;
            }
            peer(subject, config, problems, field + ".remoteip", lower.get("remoteip"), field + ".remoteasn",
                    lower.get("remoteasn"), field + ".password", lower.getOrDefault("password", ""), field + ".port",
                    lower.getOrDefault("port", "")).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<PeerSpec> peer(String subject, AgentConfig config, List<Problem> problems,
                                           String ipField, String ip, String asnField, String asn,
                                           String passwordField, String password, String portField, String port) {
        InetAddress address;
        try {
            address = IpAddresses.parse(ip);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.badValue(subject, ipField, ip, IpAddresses.EXPECTED));
            return Optional.empty();
        }
        Optional<Long> remoteAsn = parseAsn(asn, subject, asnField, problems);
        Optional<Long> p = port.isBlank() ? Optional.of(179L)
                : parseRange(port, 1, 65535, subject, portField, PORT_FORM, problems);
        Optional<Optional<String>> pw = decodePassword(password, subject, passwordField, problems);
        if (remoteAsn.isEmpty() || p.isEmpty() || pw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PeerSpec(address, p.get().intValue(), remoteAsn.get(), pw.get(), config.holdTime(),
                config.gracefulRestart()));
    }

    /** Decodes a base64 password; blank is "no password". Empty result on error (reported). */
    static Optional<Optional<String>> decodePassword(String b64, String subject, String field, List<Problem> problems) {
        if (b64.isBlank()) {
            return Optional.of(Optional.empty());
        }
        try {
            return Optional.of(Optional.of(new String(Base64.getDecoder().decode(b64.trim()),
                    java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            // The bad value is a secret: name its length, not its text.
            problems.add(new Problem(subject, field, "bad value (" + b64.length() + " characters, not shown); expected "
                    + BASE64_FORM));
            return Optional.empty();
        }
    }

    static Optional<Long> parseAsn(String text, String subject, String field, List<Problem> problems) {
        return parseRange(text, 1, 0xFFFF_FFFFL, subject, field, ASN_FORM, problems);
    }

    static Optional<Long> parseRange(String text, long min, long max, String subject, String field, String form,
                                     List<Problem> problems) {
        try {
            long v = Long.parseLong(text.trim());
            if (v >= min && v <= max) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(Problem.badValue(subject, field, text, form));
        return Optional.empty();
    }

    /** Splits a comma-separated list, trimming and dropping empty entries. */
    static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** Splits a comma-separated list keeping empty entries (a peer without a password). */
    private static List<String> splitKeepEmpty(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            out.add(part.trim());
        }
        return out;
    }
}
