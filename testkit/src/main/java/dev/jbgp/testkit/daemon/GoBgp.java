package dev.jbgp.testkit.daemon;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * GoBGP on loopback: {@code gobgpd -f CONF -p --api-hosts ADDR:APIPORT --pprof-disable} (the
 * defaults would bind the gRPC API on every address and pprof on localhost:6060), queried with
 * {@code gobgp -u ADDR -p APIPORT ... -j}. Its log is its stdout (plain format, {@code -p}).
 *
 * <p>GoBGP drops any received route whose next hop is in 127/8 (there is no knob), so announce
 * 198.18.0.0/15 next hops towards it. Routes are injected through the API after start, then the
 * neighbours are enabled (see {@link GoBgpConfigWriter}).
 */
public final class GoBgp extends AbstractDaemon {

    GoBgp(DaemonConfig config) {
        super(Daemon.GOBGP, config);
    }

    /** Starts a GoBGP instance with {@code config}. */
    public static GoBgp start(DaemonConfig config) {
        return (GoBgp) BgpDaemon.start(Daemon.GOBGP, config);
    }

    private Path conf() {
        return dir.resolve("gobgpd.toml");
    }

    @Override
    void writeConfig() throws IOException {
        requireFree(config.localAddress(), config.apiPort());
        Files.writeString(conf(), GoBgpConfigWriter.write(config));
    }

    @Override
    List<String> launchCommand() {
        return List.of(binary(0), "-f", conf().toString(), "-t", "toml", "-p",
                "--api-hosts", config.localAddress() + ":" + config.apiPort(), "--pprof-disable");
    }

    @Override
    void awaitReady(Duration timeout) {
        awaitAnswer(() -> gobgp("global"), timeout);
    }

    @Override
    void afterStart() {
        for (Announcement a : announcedNow()) {
            ribAdd(a);
        }
        for (Neighbour n : config.neighbours()) {
            if (n.enabled()) {
                gobgp("neighbor", n.address(), "enable");
            }
        }
    }

    @Override
    List<Path> logFiles() {
        return List.of(); // gobgpd logs to stdout, which the launcher writes to stdout.log
    }

    /** Runs {@code gobgp -u ADDR -p APIPORT ARGS...} and returns its output. */
    public String gobgp(String... args) {
        List<String> argv = new ArrayList<>(List.of(binary(1), "-u", config.localAddress(),
                "-p", Integer.toString(config.apiPort())));
        argv.addAll(List.of(args));
        return cli(argv);
    }

    private JsonNode neighbourJson(String neighbour) {
        neighbourOrThrow(neighbour);
        return FrrOutput.parse(gobgp("neighbor", neighbour, "-j"));
    }

    @Override
    public SessionState sessionState(String neighbour) {
        return GoBgpOutput.state(neighbourJson(neighbour));
    }

    @Override
    public NeighbourInfo neighbourInfo(String neighbour) {
        JsonNode node = neighbourJson(neighbour);
        return new NeighbourInfo(neighbour, GoBgpOutput.state(node), GoBgpOutput.capabilities(node), node.toString());
    }

    @Override
    public List<RibRoute> routes(Afi afi) {
        return GoBgpOutput.routes(gobgp("global", "rib", "-a", afi == Afi.IPV4 ? "ipv4" : "ipv6", "-j"));
    }

    private void ribAdd(Announcement a) {
        List<String> args = new ArrayList<>(List.of("global", "rib", "add"));
        args.addAll(GoBgpConfigWriter.ribAddArguments(config, a));
        gobgp(args.toArray(new String[0]));
    }

    @Override
    public void announce(Announcement route) {
        ribAdd(route); // an add for a prefix already originated replaces it
        remember(route);
    }

    @Override
    public void withdraw(String prefix) {
        if (!forget(prefix)) {
            throw new IllegalArgumentException(prefix + " is not announced by " + this);
        }
        gobgp("global", "rib", "del", "-a", Afi.of(prefix) == Afi.IPV4 ? "ipv4" : "ipv6", prefix);
    }

    @Override
    public void refreshOut(String neighbour) {
        neighbourOrThrow(neighbour);
        gobgp("neighbor", neighbour, "softresetout");
    }

    @Override
    public void disableNeighbour(String neighbour, String message) {
        neighbourOrThrow(neighbour);
        // "disable --reason" is accepted but sends an empty communication; "shutdown" sends it
        gobgp("neighbor", neighbour, "shutdown", "--reason", message);
    }

    @Override
    public void enableNeighbour(String neighbour) {
        neighbourOrThrow(neighbour);
        gobgp("neighbor", neighbour, "enable");
    }
}
