/**
 * The control plane's durable embedded store: policy documents, mode overrides, node statuses and the audit
 * trail in one SQLite database ({@code meshward.db}) inside a data directory.
 *
 * <p>Every mutation happens in a transaction ({@link io.meshward.controlplane.store.Store#inTransaction});
 * a committed transaction survives a {@code kill -9} and a power loss (WAL journal, {@code synchronous=FULL}),
 * an interrupted one leaves no trace. The schema evolves through ordered migrations
 * ({@link io.meshward.controlplane.store.Migrations}) applied when the store opens.
 */
package io.meshward.controlplane.store;
