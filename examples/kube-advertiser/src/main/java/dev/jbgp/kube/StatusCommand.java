package dev.jbgp.kube;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kube-advertiser status}: asks the agent running on this host for its view (its status
 * endpoint, {@code /status?format=text}) and prints it in the gobgp shape — server configuration,
 * neighbours, routes. Exit code 1 when no agent answers.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the running agent's BGP configuration, neighbours and routes.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--status-port", paramLabel = "PORT", description = "The agent's status port (default: ${DEFAULT-VALUE}).")
    int statusPort = 20244;

    @Option(names = "--status-address", paramLabel = "IP", description = "The agent's status address (default: ${DEFAULT-VALUE}).")
    String statusAddress = "127.0.0.1";

    @Override
    public Integer call() throws InterruptedException {
        String host = statusAddress.indexOf(':') >= 0 ? "[" + statusAddress + "]" : statusAddress;
        URI uri = URI.create("http://" + host + ":" + statusPort + "/status?format=text");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                spec.commandLine().getErr().println("status: the agent at " + uri + " answered " + r.statusCode());
                return 1;
            }
            spec.commandLine().getOut().print(r.body());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("status: no agent answers at " + uri + " (" + e + "); is it running with --status-port="
                    + statusPort + "?");
            return 1;
        }
    }
}
