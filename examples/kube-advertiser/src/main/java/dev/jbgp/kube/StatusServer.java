package dev.jbgp.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP status endpoint on {@code --status-port} (loopback unless told otherwise):
 * {@code /healthz} (the process answers), {@code /readyz} (the cluster was read, a reconcile ran and
 * local settings and peers are applied), {@code /status} (JSON; {@code ?format=text} gives the gobgp
 * shape) and {@code /metrics} (Prometheus text). Uses the JDK's own HTTP server: no dependency for
 * four small pages. The owner closes it.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Reconciler reconciler;
    private final BgpControl control;
    private final BooleanSupplier synced;

    /**
     * Binds at once (port 0 picks a free port, see {@link #port()}); serving starts with {@link #start()}.
     *
     * @param synced whether the cluster source has been read and reconciled once
     */
    public StatusServer(InetSocketAddress bind, Reconciler reconciler, BgpControl control, BooleanSupplier synced)
            throws IOException {
        this.reconciler = reconciler;
        this.control = control;
        this.synced = synced;
        this.server = HttpServer.create(bind, 16);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "status-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", ex -> send(ex, 200, "text/plain", "ok\n"));
        server.createContext("/readyz", this::readyz);
        server.createContext("/status", this::status);
        server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                StatusReport.metrics(control.status(), reconciler.stats(), problems().size())));
    }

    /** Starts serving. */
    public void start() {
        server.start();
        LOG.info("status on http://{}:{}/status", server.getAddress().getAddress().getHostAddress(), port());
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private boolean ready() {
        return synced.getAsBoolean() && reconciler.configured();
    }

    private void readyz(HttpExchange ex) throws IOException {
        if (ready()) {
            send(ex, 200, "text/plain", "ready\n");
        } else if (!synced.getAsBoolean()) {
            send(ex, 503, "text/plain", "not ready: cluster state not read and reconciled yet\n");
        } else {
            send(ex, 503, "text/plain", "not ready: BGP local settings and peers not configured yet (see /status problems)\n");
        }
    }

    private void status(HttpExchange ex) throws IOException {
        Optional<LocalSettings> local = reconciler.lastDesired().flatMap(DesiredState::local);
        BgpStatus bgp = control.status();
        String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
        if (query.contains("format=text")) {
            send(ex, 200, "text/plain; charset=utf-8", StatusReport.text(local, bgp));
        } else {
            send(ex, 200, "application/json", StatusReport.json(reconciler.nodeName(), local, bgp, problems(), ready()));
        }
    }

    private List<Problem> problems() {
        return reconciler.lastDesired().map(DesiredState::problems).orElse(List.of());
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                code = 405;
                body = "only GET\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(code, "HEAD".equals(ex.getRequestMethod()) ? -1 : bytes.length);
            if (!"HEAD".equals(ex.getRequestMethod())) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
