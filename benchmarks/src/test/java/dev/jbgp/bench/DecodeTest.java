package dev.jbgp.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeTest {

    @Test
    void theBuiltInSamplePrintsEveryMessageItCarries() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Decode decode = new Decode(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        decode.hexMessages(List.of(
                "ffffffffffffffffffffffffffffffff00330104fde9005a0a000001160214010400010001020041040000fde9010400020001",
                "ffffffffffffffffffffffffffffffff005b02000418c0000200394001010040020a02020000fde90000fdea400304c6120001"
                        + "8004040000000ac00808fde90064ffffff01c0200c0000fde90000000100000002100a01180a0203",
                "ffffffffffffffffffffffffffffffff00210306020b6d61696e74656e616e6365"));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains("as=65001") && lines[0].contains("id=10.0.0.1"), lines[0]);
        assertTrue(lines[1].contains("withdrawn [192.0.2.0/24]"), lines[1]);
        assertTrue(lines[1].contains("nlri [10.1.0.0/16, 10.2.3.0/24]"), lines[1]);
        assertTrue(lines[1].contains("65001:100") && lines[1].contains("NO_EXPORT") && lines[1].contains("65001:1:2"),
                lines[1]);
        assertTrue(lines[2].contains("Administrative Shutdown") && lines[2].contains("maintenance"), lines[2]);
    }

    @Test
    void aMalformedMessageIsReportedNotThrown() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Decode decode = new Decode(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        decode.hexMessages(List.of("00000000000000000000000000000000001304"));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("error:"), bytes.toString(StandardCharsets.UTF_8));
    }
}
