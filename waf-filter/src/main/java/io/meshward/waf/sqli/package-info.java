/**
 * A SQL-injection detector compatible with libinjection's {@code libinjection_sqli()} (the engine behind
 * {@code @detectSQLi}): {@link io.meshward.waf.sqli.SqliDetector}. The code is written from the algorithm's
 * description: {@code Tokenizer} (bytes to tokens), {@code Folder} (tokens to at most five), {@code SqliPass} (one
 * quote context and dialect, giving a fingerprint), {@code FalsePositiveFilter} (libinjection's "not whitelist").
 * The tables ({@code sqli-data.txt}: byte classes, keywords, fingerprints) are generated from libinjection's
 * {@code sqlparse_data.json}, BSD-3-Clause, licence text in {@code LICENSE-libinjection.txt}.
 */
package io.meshward.waf.sqli;
