package io.meshward.controlplane.learn;

/**
 * One learned edge into a destination workload: a source may call it on a port with a protocol and, for HTTP, a
 * method on a path template. {@code method} and {@code pathTemplate} are null for TCP.
 */
public record LearnedEdge(SourceIdentity source, int port, String protocol, String method, String pathTemplate) {}
