/**
 * Responding to attacks on its own: security events from waf-filter feed a quarantine rule (N events of a severity
 * or worse from one source within a window, from {@code MeshConfig}); a quarantine denies that source on every
 * sidecar and proxyless server until it expires or an operator releases it, and every quarantine and release is in
 * the audit trail with its reason and the events behind it.
 */
package io.meshward.controlplane.respond;
