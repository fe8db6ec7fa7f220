package dev.jbgp.testkit.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real BGP speakers the interoperability tests can start, with the binaries each one needs and
 * the Debian package that provides them (named in the skip message when they are missing).
 */
public enum Daemon {
    /** BIRD 2 ({@code bird} + {@code birdc}). */
    BIRD2("BIRD 2", "bird2", List.of(Path.of("/usr/sbin/bird"), Path.of("/usr/sbin/birdc"))),
    /**
     * FRR's BGP daemon run alone, without zebra. NB: {@code /usr/sbin/bgpd} is OpenBGPD, a different
     * program; FRR's lives in {@code /usr/lib/frr}.
     */
    FRR("FRR bgpd", "frr", List.of(Path.of("/usr/lib/frr/bgpd"), Path.of("/usr/bin/vtysh"))),
    /** GoBGP ({@code gobgpd} + the {@code gobgp} gRPC client). */
    GOBGP("GoBGP", "gobgpd", List.of(Path.of("/usr/bin/gobgpd"), Path.of("/usr/bin/gobgp")));

    private final String displayName;
    private final String debianPackage;
    private final List<Path> binaries;

    Daemon(String displayName, String debianPackage, List<Path> binaries) {
        this.displayName = displayName;
        this.debianPackage = debianPackage;
        this.binaries = binaries;
    }

    /** Human-readable name, e.g. {@code "FRR bgpd"}. */
    public String displayName() {
        return displayName;
    }

    /** The Debian package that installs this daemon ({@code apt-get install NAME}). */
    public String debianPackage() {
        return debianPackage;
    }

    /** Every executable the launcher runs for this daemon: the daemon first, then its CLI. */
    public List<Path> binaries() {
        return binaries;
    }

    /** True when every binary exists and is executable. */
    public boolean isInstalled() {
        return binaries.stream().allMatch(Files::isExecutable);
    }
}
