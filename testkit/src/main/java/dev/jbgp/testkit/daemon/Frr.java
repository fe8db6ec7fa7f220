package dev.jbgp.testkit.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FRR's bgpd alone on loopback (no zebra: {@code -Z}), queried with
 * {@code vtysh --vty_socket DIR -d bgpd}.
 *
 * <p>Run as {@code /usr/lib/frr/bgpd -Z -S -l ADDR -p PORT -P 0 -f CONF -i PIDFILE --vty_socket DIR}:
 * {@code -l} listens on the instance's address only (and implies no kernel routes), {@code -S} skips
 * the switch to the frr user, {@code -P 0} opens no TCP vty. The log fills with harmless
 * {@code zclient_send_message() failed} lines because zebra is absent. See {@link FrrConfigWriter}
 * for the configuration quirks.
 */
public final class Frr extends AbstractDaemon {

    Frr(DaemonConfig config) {
        super(Daemon.FRR, config);
    }

    /** Starts an FRR bgpd instance with {@code config}. */
    public static Frr start(DaemonConfig config) {
        return (Frr) BgpDaemon.start(Daemon.FRR, config);
    }

    private Path conf() {
        return dir.resolve("bgpd.conf");
    }

    @Override
    void writeConfig() throws IOException {
        Files.writeString(conf(), FrrConfigWriter.write(config, announcedNow(), dir.resolve("bgpd.log")));
    }

    @Override
    List<String> launchCommand() {
        return List.of(binary(0), "-Z", "-S", "-l", config.localAddress(), "-p", Integer.toString(config.port()),
                "-P", "0", "-f", conf().toString(), "-i", dir.resolve("bgpd.pid").toString(),
                "--vty_socket", dir.toString(), "--log", "file:" + dir.resolve("bgpd.log"));
    }

    @Override
    void awaitReady(Duration timeout) {
        awaitAnswer(() -> vtysh("show bgp summary"), timeout);
    }

    @Override
    List<Path> logFiles() {
        return List.of(dir.resolve("bgpd.log"));
    }

    /** Runs {@code vtysh --vty_socket DIR -d bgpd -c CMD...} and returns its output. */
    public String vtysh(String... commands) {
        List<String> argv = new ArrayList<>(List.of(binary(1), "--vty_socket", dir.toString(), "-d", "bgpd"));
        for (String c : commands) {
            argv.add("-c");
            argv.add(c);
        }
        String out = cli(argv);
        for (String line : out.split("\n")) {
            // vtysh exits 0 on most configuration errors; FRR marks them with a leading '%'
            if (line.startsWith("% ") && !line.startsWith("% No BGP")) {
                throw new DaemonException("vtysh " + List.of(commands) + " failed in " + dir + ": " + out.strip());
            }
        }
        return out;
    }

    private void configure(List<String> commands) {
        List<String> all = new ArrayList<>();
        all.add("configure terminal");
        all.addAll(commands);
        vtysh(all.toArray(new String[0]));
    }

    @Override
    public SessionState sessionState(String neighbour) {
        neighbourOrThrow(neighbour);
        return FrrOutput.state(FrrOutput.neighbour(vtysh("show bgp neighbors " + neighbour + " json"), neighbour));
    }

    @Override
    public NeighbourInfo neighbourInfo(String neighbour) {
        neighbourOrThrow(neighbour);
        String json = vtysh("show bgp neighbors " + neighbour + " json");
        var node = FrrOutput.neighbour(json, neighbour);
        return new NeighbourInfo(neighbour, FrrOutput.state(node), FrrOutput.capabilities(node), json);
    }

    @Override
    public List<RibRoute> routes(Afi afi) {
        return FrrOutput.routes(vtysh("show bgp " + (afi == Afi.IPV4 ? "ipv4" : "ipv6") + " unicast json detail"));
    }

    /**
     * FRR's IPv4 unicast paths learned from {@code neighbour}, prefix to whether FRR marks the path
     * stale (RFC 4724 §4.2: kept across the neighbour's graceful restart), from
     * {@code show bgp ipv4 unicast json detail}; sorted by prefix, unmodifiable.
     */
    public Map<String, Boolean> staleFlags(String neighbour) {
        return FrrOutput.staleFlags(vtysh("show bgp ipv4 unicast json detail"), neighbour);
    }

    @Override
    public void announce(Announcement route) {
        boolean replacing;
        synchronized (this) {
            replacing = announced.containsKey(route.prefix());
        }
        configure(FrrConfigWriter.announceCommands(config, route, replacing));
        remember(route);
    }

    @Override
    public void withdraw(String prefix) {
        Announcement a;
        synchronized (this) {
            a = announced.get(prefix);
        }
        if (a == null) {
            throw new IllegalArgumentException(prefix + " is not announced by " + this);
        }
        configure(FrrConfigWriter.withdrawCommands(config, a));
        forget(prefix);
    }

    @Override
    public void refreshOut(String neighbour) {
        neighbourOrThrow(neighbour);
        vtysh("clear bgp " + neighbour + " soft out");
    }

    @Override
    public void disableNeighbour(String neighbour, String message) {
        neighbourOrThrow(neighbour);
        configure(List.of("router bgp " + config.asn(), "neighbor " + neighbour + " shutdown message " + message));
    }

    @Override
    public void enableNeighbour(String neighbour) {
        neighbourOrThrow(neighbour);
        configure(List.of("router bgp " + config.asn(), "no neighbor " + neighbour + " shutdown"));
    }
}
