package dev.jbgp.testkit.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * BIRD 2 on loopback: {@code bird -f} in the foreground, queried with {@code birdc -s DIR/bird.ctl}.
 *
 * <p>Quirks handled here (see {@link BirdConfigWriter} for the config side): a 127/8 neighbour is
 * refused as "directly connected" unless the session is {@code multihop}; {@code strict bind} so the
 * listener binds only the instance's address; the export filter sets MED on itself because BIRD
 * sends MED over eBGP only if the export filter touched it; received 198.18.0.0/15 next hops resolve
 * through a non-exported device route on {@code lo}.
 */
public final class Bird2 extends AbstractDaemon {

    Bird2(DaemonConfig config) {
        super(Daemon.BIRD2, config);
    }

    /** Starts a BIRD 2 instance with {@code config}. */
    public static Bird2 start(DaemonConfig config) {
        return (Bird2) BgpDaemon.start(Daemon.BIRD2, config);
    }

    private Path conf() {
        return dir.resolve("bird.conf");
    }

    private Path socket() {
        return dir.resolve("bird.ctl");
    }

    @Override
    void writeConfig() throws IOException {
        Files.writeString(conf(), BirdConfigWriter.write(config, announcedNow(), dir.resolve("bird.log")));
    }

    @Override
    List<String> launchCommand() {
        return List.of(binary(0), "-f", "-c", conf().toString(), "-s", socket().toString(),
                "-P", dir.resolve("bird.pid").toString());
    }

    @Override
    void awaitReady(Duration timeout) {
        awaitAnswer(() -> birdc("show", "status"), timeout);
    }

    @Override
    List<Path> logFiles() {
        return List.of(dir.resolve("bird.log"));
    }

    /** The BIRD protocol name of a neighbour: {@code n0}, {@code n1}... in configuration order. */
    String protocolName(String neighbour) {
        Neighbour n = neighbourOrThrow(neighbour);
        return BirdConfigWriter.protocolName(config.neighbours().indexOf(n));
    }

    /** Runs {@code birdc -s SOCKET ARGS...} and returns its output. */
    public String birdc(String... args) {
        List<String> argv = new ArrayList<>(List.of(binary(1), "-s", socket().toString()));
        argv.addAll(List.of(args));
        return cli(argv);
    }

    @Override
    public SessionState sessionState(String neighbour) {
        return BirdOutput.bgpState(birdc("show", "protocols", "all", protocolName(neighbour)));
    }

    @Override
    public NeighbourInfo neighbourInfo(String neighbour) {
        String text = birdc("show", "protocols", "all", protocolName(neighbour));
        Set<Capability> negotiated = EnumSet.noneOf(Capability.class);
        negotiated.addAll(BirdOutput.capabilities(text, "Local capabilities"));
        negotiated.retainAll(BirdOutput.capabilities(text, "Neighbor capabilities"));
        return new NeighbourInfo(neighbour, BirdOutput.bgpState(text), negotiated, text);
    }

    @Override
    public List<RibRoute> routes(Afi afi) {
        String table = afi == Afi.IPV4 ? "master4" : "master6";
        return BirdOutput.routes(birdc("show", "route", "all", "table", table));
    }

    @Override
    public void announce(Announcement route) {
        remember(route);
        reconfigure();
    }

    @Override
    public void withdraw(String prefix) {
        if (!forget(prefix)) {
            throw new IllegalArgumentException(prefix + " is not announced by " + this);
        }
        reconfigure();
    }

    /** Rewrites bird.conf and applies it: BIRD reconfigures the static protocols without resetting BGP. */
    private void reconfigure() {
        try {
            writeConfig();
        } catch (IOException e) {
            throw new DaemonException("cannot rewrite " + conf(), e);
        }
        String out = birdc("configure", "\"" + conf() + "\"");
        if (!out.contains("Reconfigur")) {
            throw new DaemonException("birdc configure did not reconfigure " + this + ": " + out);
        }
    }

    @Override
    public void refreshOut(String neighbour) {
        birdc("reload", "out", protocolName(neighbour));
    }

    @Override
    public void disableNeighbour(String neighbour, String message) {
        if (message.indexOf('"') >= 0 || message.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("message must not contain quotes or backslashes: " + message);
        }
        birdc("disable", protocolName(neighbour), "\"" + message + "\"");
    }

    @Override
    public void enableNeighbour(String neighbour) {
        birdc("enable", protocolName(neighbour));
    }
}
