/**
 * The parts of {@code meshward demo}: a grpc-java xDS server standing in for a workload, and requests shaped the way
 * Envoy sends them (ext_authz checks, ext_proc exchanges, access-log entries), so that the whole story runs on
 * loopback in one process without an Envoy binary.
 */
package io.meshward.cli.demo;
