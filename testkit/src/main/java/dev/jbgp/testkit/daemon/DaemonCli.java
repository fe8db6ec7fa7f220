package dev.jbgp.testkit.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry point so scripts (benchmarks) can start a daemon with the same launcher the
 * tests use:
 *
 * <pre>
 * java -cp testkit.jar:jackson... dev.jbgp.testkit.daemon.DaemonCli run bird2|frr|gobgp \
 *     --addr 127.0.9.2 --asn 64902 --peer 127.0.9.1 --peer-asn 64901 [--port 179] [--peer-port 179]
 *     [--router-id R] [--passive] [--disabled] [--hold S] [--graceful-restart SECONDS]
 *     [--route PREFIX,NEXTHOP]... [--maximum-paths N] [--allow-martian-nexthop] [--api-port P]
 * </pre>
 *
 * It prints one line {@code started DAEMON pid=PID dir=DIR} and runs until the JVM is told to stop
 * (SIGTERM, SIGINT); the daemon is then killed and its directory removed.
 */
public final class DaemonCli {

    private DaemonCli() {
    }

    /** What a command line asks for. */
    record Request(Daemon daemon, DaemonConfig config) {
    }

    public static void main(String[] args) throws InterruptedException {
        Request request;
        try {
            request = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DaemonCli: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        BgpDaemon daemon = BgpDaemon.start(request.daemon(), request.config());
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "jbgp-daemon-cli-close"));
        System.out.println("started " + request.daemon().name().toLowerCase(Locale.ROOT) + " pid=" + daemon.pid()
                + " dir=" + daemon.directory());
        System.out.flush();
        new CountDownLatch(1).await(); // until a signal runs the shutdown hooks
    }

    static String usage() {
        return "usage: DaemonCli run bird2|frr|gobgp --addr A --asn N --peer A --peer-asn M [--port P]"
                + " [--peer-port P] [--router-id R] [--passive] [--disabled] [--hold S]"
                + " [--graceful-restart S] [--route PREFIX,NEXTHOP]... [--maximum-paths N]"
                + " [--allow-martian-nexthop] [--api-port P]";
    }

    /** Parses a command line; throws {@link IllegalArgumentException} with the reason. */
    static Request parse(String[] args) {
        if (args.length < 2 || !args[0].equals("run")) {
            throw new IllegalArgumentException("expected: run DAEMON OPTIONS...");
        }
        Daemon daemon = switch (args[1].toLowerCase(Locale.ROOT)) {
            case "bird", "bird2" -> Daemon.BIRD2;
            case "frr", "bgpd" -> Daemon.FRR;
            case "gobgp", "gobgpd" -> Daemon.GOBGP;
            default -> throw new IllegalArgumentException("unknown daemon " + args[1] + " (bird2, frr, gobgp)");
        };
        DaemonConfig.Builder b = DaemonConfig.builder();
        String peer = null;
        long peerAsn = -1;
        int peerPort = 179;
        boolean passive = false;
        boolean disabled = false;
        int hold = 9;
        int restart = -1;
        List<Announcement> routes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String opt = args[i];
            switch (opt) {
                case "--passive" -> passive = true;
                case "--disabled" -> disabled = true;
                case "--allow-martian-nexthop" -> b.allowMartianNextHop(true);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(opt + " needs a value");
                    }
                    String v = args[++i];
                    switch (opt) {
                        case "--addr" -> b.localAddress(v);
                        case "--port" -> b.port(number(opt, v));
                        case "--asn" -> b.asn(Long.parseLong(v));
                        case "--router-id" -> b.routerId(v);
                        case "--peer" -> peer = v;
                        case "--peer-asn" -> peerAsn = Long.parseLong(v);
                        case "--peer-port" -> peerPort = number(opt, v);
                        case "--hold" -> hold = number(opt, v);
                        case "--graceful-restart" -> restart = number(opt, v);
                        case "--maximum-paths" -> b.maximumPaths(number(opt, v));
                        case "--api-port" -> b.apiPort(number(opt, v));
                        case "--route" -> {
                            String[] parts = v.split(",");
                            if (parts.length != 2) {
                                throw new IllegalArgumentException("--route wants PREFIX,NEXTHOP: " + v);
                            }
                            routes.add(Announcement.of(parts[0], parts[1]));
                        }
                        default -> throw new IllegalArgumentException("unknown option " + opt);
                    }
                }
            }
        }
        if (peer == null || peerAsn < 0) {
            throw new IllegalArgumentException("--peer and --peer-asn are required");
        }
        Neighbour n = Neighbour.of(peer, peerPort, peerAsn).withHoldTime(hold);
        n = passive ? n.asPassive() : n;
        n = disabled ? n.asDisabled() : n;
        n = restart >= 0 ? n.withGracefulRestart(restart) : n;
        b.neighbour(n);
        routes.forEach(b::announce);
        return new Request(daemon, b.build());
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a number: " + value, e);
        }
    }
}
