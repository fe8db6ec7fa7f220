package example;

import dev.jbgp.rib.policy.Policy;
import dev.jbgp.speaker.BgpSpeaker;
import dev.jbgp.speaker.LocalRoute;
import dev.jbgp.speaker.Neighbor;
import dev.jbgp.speaker.RemoteAs;
import dev.jbgp.speaker.SpeakerConfig;

import java.net.InetAddress;
import java.util.List;

/**
 * The README's embedding example, built outside the jbgp reactor against the installed artifacts.
 * A second speaker on 127.0.0.102 (AS 65001) stands in for the data-centre router.
 */
public final class EmbeddingExample {

    public static void main(String[] args) throws Exception {
        InetAddress me = InetAddress.getByName("127.0.0.101");
        InetAddress router = InetAddress.getByName("127.0.0.102");
        try (BgpSpeaker routerSide = BgpSpeaker.start(SpeakerConfig.builder(65001, router.getHostAddress())
                .listen(router).listenPort(11179)
                .neighbor(Neighbor.builder(me, RemoteAs.of(65000)).port(11179).localAddress(router)
                        .passive(true).importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll()).build())
                .build())) {

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
                speaker.announce(List.of(LocalRoute.builder("198.51.100.0/24")
                        .community(65000, 100).med(10).build()));
                // --- README example ends here ---
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (routerSide.routes(LocalRoute.parsePrefix("198.51.100.0/24")).isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        System.err.println("the router never received 198.51.100.0/24\n" + speaker.status().render());
                        System.exit(1);
                    }
                    Thread.sleep(20);
                }
                System.out.println(speaker.status().render());
                System.out.println("consumer check: the router received 198.51.100.0/24");
            }
        }
    }
}
