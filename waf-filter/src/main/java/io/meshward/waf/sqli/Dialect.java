package io.meshward.waf.sqli;

/**
 * The two SQL dialects libinjection distinguishes. They differ only in {@code #} (ANSI: operator; MySQL: end-of-line
 * comment) and {@code --x} with a non-blank {@code x} (ANSI: comment; MySQL: two minus operators).
 */
enum Dialect {
  ANSI,
  MYSQL
}
