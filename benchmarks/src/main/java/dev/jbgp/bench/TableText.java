package dev.jbgp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads one peer's routes from a bgpdump {@code -m} text table (such as
 * {@code ../shared/testdata/tables/ris-bview.20100701.0759.tabledump2.txt.gz}) and groups the IPv4
 * prefixes by their attribute text, in first-seen order, the way a speaker sending a full table groups
 * them into UPDATEs.
 */
public final class TableText {

    /** One attribute set as text, with the prefixes that share it. */
    public record Group(String asPath, String origin, String nextHop, String med, String communities,
                        List<String> prefixes) {
    }

    private TableText() {
    }

    /** The IPv4 routes of {@code peerAs} in {@code table}, grouped by attributes. */
    public static List<Group> read(Path table, long peerAs) throws IOException {
        Map<String, Group> groups = new LinkedHashMap<>();
        String peer = Long.toString(peerAs);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(table), 1 << 16), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split("\\|", -1);
                if (f.length < 12 || !f[4].equals(peer) || f[5].indexOf(':') >= 0) {
                    continue;
                }
                String key = f[6] + '|' + f[7] + '|' + f[8] + '|' + f[10] + '|' + f[11];
                groups.computeIfAbsent(key, k -> new Group(f[6], f[7], f[8], f[10], f[11], new ArrayList<>()))
                        .prefixes().add(f[5]);
            }
        }
        return new ArrayList<>(groups.values());
    }
}
