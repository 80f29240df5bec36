/** The meshward API's documents as immutable records: what an operator writes, already validated. */
package io.meshward.policy.model;
