package dev.jbgp.speaker;

import dev.jbgp.rib.policy.Policy;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "embedding jbgp" example: a speaker peers with a router (here a second jbgp speaker
 * standing in for it), announces a prefix and prints its status. The body of {@link #example} is what
 * the README shows.
 */
class EmbeddingExampleTest {

    @Test
    void example() throws Exception {
        InetAddress me = SpeakerFixtures.freshAddress();
        InetAddress router = SpeakerFixtures.freshAddress();
        try (BgpSpeaker routerSide = RouterStandIn.start(router, me)) {
            // --- README example starts here ---
            SpeakerConfig config = SpeakerConfig.builder(65000, me.getHostAddress())
                    .listen(me).listenPort(11179)
                    .neighbor(Neighbor.builder(router, RemoteAs.of(65001)).port(11179)
                            .localAddress(me)
                            .importPolicy(Policy.acceptAll())   // RFC 8212: eBGP needs explicit policies
                            .exportPolicy(Policy.acceptAll())
                            .description("upstream router")
                            .build())
                    .build();
            try (BgpSpeaker speaker = BgpSpeaker.start(config)) {
                speaker.addListener(event -> System.out.println("event: " + event));
                speaker.announce(List.of(LocalRoute.builder("198.51.100.0/24")
                        .community(65000, 100).med(10).build()));
                Thread.sleep(Duration.ofSeconds(2).toMillis());  // give the session a moment
                System.out.println(speaker.status().render());
                // --- README example ends here ---
                SpeakerFixtures.await("router has the prefix", 10,
                        () -> !routerSide.routes(LocalRoute.parsePrefix("198.51.100.0/24")).isEmpty());
                String text = speaker.status().render();
                assertTrue(text.contains("Establ") && text.contains("*> 198.51.100.0/24"), text);
                assertTrue(text.contains("[{Origin: i} {Med: 10} {Communities: 65000:100}]"), text);
            }
        }
    }

    /** The router of the example: a jbgp speaker in AS 65001 that waits for us. */
    private static final class RouterStandIn {
        static BgpSpeaker start(InetAddress self, InetAddress peer) {
            return BgpSpeaker.start(SpeakerFixtures.speaker(65001, self)
                    .neighbor(SpeakerFixtures.neighbor(peer, 65000, self, true).build()).build());
        }
    }
}
