/**
 * Reading and writing policy documents as YAML: {@link io.meshward.policy.yaml.PolicyCodec}. Reading composes a node
 * tree with snakeyaml-engine (so every error can name its line), walks it against the schema of each kind, and
 * reports every problem found; writing produces one canonical text per document.
 */
package io.meshward.policy.yaml;
