package dev.jbgp.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Runs {@code kube-advertiser demo} in-process, as the README's first command runs it, and checks
 * each step's table: which paths the router holds for each prefix, which of them form the ECMP set
 * ({@code *>} best, {@code *=} ECMP companion, {@code * } backup) and their AS paths.
 */
class DemoCommandTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void demoTellsTheWholeStoryAndExitsZero() {
        StringWriter text = new StringWriter();
        int rc = new CommandLine(new Main()).setOut(new PrintWriter(text, true)).execute("demo");
        String out = text.toString();
        assertEquals(0, rc, out);
        assertTrue(out.contains("every step converged"), out);
        Map<String, String> steps = steps(out);
        assertEquals(List.of("1", "2", "3", "4a", "4b", "5"), new ArrayList<>(steps.keySet()), out);

        String anycast = "127.100.0.10/32";
        String local = "127.100.0.20/32";

        // (1) sessions up; anycast via three ECMP next hops; the Local-policy IP only via node-1.
        String s1 = steps.get("1");
        assertEquals(3, count(s1, " Establ "), s1);
        assertEquals(List.of("*> 127.0.0.11 64512", "*= 127.0.0.12 64512", "*= 127.0.0.13 64512"), paths(s1, anycast), s1);
        assertEquals(List.of("*> 127.0.0.11 64512"), paths(s1, local), s1);
        for (int i = 1; i <= 3; i++) {
            assertEquals(List.of("*> 127.0.0.1" + i + " 64512"), paths(s1, "127.244." + i + ".0/24"), s1);
        }

        // (2) node-2 prepends twice: its path is longer and leaves the ECMP set (a backup only).
        String s2 = steps.get("2");
        assertEquals(List.of("*> 127.0.0.11 64512", "*= 127.0.0.13 64512", "*  127.0.0.12 64512 64512 64512"),
                paths(s2, anycast), s2);
        assertEquals(List.of("*> 127.0.0.12 64512 64512 64512"), paths(s2, "127.244.2.0/24"), s2);

        // (3) node-3 in its own AS, still in the ECMP set thanks to multipath-relax.
        String s3 = steps.get("3");
        assertTrue(s3.contains("127.0.0.13  64513"), s3);
        assertEquals(List.of("*> 127.0.0.11 64512", "*= 127.0.0.13 64513", "*  127.0.0.12 64512 64512 64512"),
                paths(s3, anycast), s3);
        assertEquals(List.of("*> 127.0.0.13 64513"), paths(s3, "127.244.3.0/24"), s3);

        // (4) the Local-policy IP follows its ready endpoints.
        assertEquals(List.of("*> 127.0.0.11 64512", "*= 127.0.0.13 64513"), paths(steps.get("4a"), local), out);
        assertEquals(List.of("*> 127.0.0.13 64513"), paths(steps.get("4b"), local), out);

        // (5) node-1 gone: its pod CIDR and its anycast path leave the table.
        String s5 = steps.get("5");
        assertEquals(List.of(), paths(s5, "127.244.1.0/24"), s5);
        assertEquals(List.of("*> 127.0.0.13 64513", "*  127.0.0.12 64512 64512 64512"), paths(s5, anycast), s5);
        assertTrue(s5.contains("127.0.0.11  64512") && s5.contains(" Idle "), s5);
    }

    /** The output split at its {@code === Step N: ... ===} headings. */
    private static Map<String, String> steps(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] parts = out.split("=== Step ");
        for (int i = 1; i < parts.length; i++) {
            m.put(parts[i].substring(0, parts[i].indexOf(':')), parts[i]);
        }
        return m;
    }

    /** Each route line of {@code prefix}, as "mark next-hop as-path", in table order. */
    private static List<String> paths(String table, String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.length() > 3 && line.charAt(0) == '*' && line.substring(3).startsWith(prefix + " ")) {
                String mark = line.substring(0, 2);
                String[] cols = line.substring(3).trim().split("\\s{2,}");
                out.add(mark + " " + cols[1] + " " + cols[2]);
            }
        }
        return out;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
