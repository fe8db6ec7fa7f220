package dev.jbgp.kube;

import java.util.Objects;

/**
 * Something wrong with one Kubernetes object or one setting that the agent reports and skips, never a
 * reason to stop: a bad annotation value, a Local-policy service without an EndpointSlice, a node with
 * no address of a family. Immutable value.
 *
 * @param subject what the problem is about, e.g. {@code node node-1} or {@code service default/web}
 * @param field the annotation, field or flag at fault, e.g. {@code kube-router.io/node.asn}
 * @param detail what is wrong and, for a bad value, the value and the expected form
 */
public record Problem(String subject, String field, String detail) {

    public Problem {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(detail, "detail");
    }

    /** A value that does not parse: names the value and the form that would have. */
    public static Problem badValue(String subject, String field, String value, String expected) {
        return new Problem(subject, field, "bad value \"" + value + "\"; expected " + expected);
    }

    /** The one-line text logged and shown in {@code /status}. */
    public String message() {
        return subject + ": " + field + ": " + detail;
    }

    @Override
    public String toString() {
        return message();
    }
}
