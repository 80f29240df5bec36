/**
 * Data-loss prevention: sensors that find sensitive data (payment cards, national ids, credentials, keys) in
 * requests and responses, validate candidates (Luhn, mod-97, SSN ranges, token structure) and report, block or mask
 * them. One pass over a text finds the candidates of every active pattern (the union of their automata); only there
 * do the patterns' own regexes and validators run. What is found is never logged or reported raw: findings carry a
 * masked sample.
 */
package io.meshward.waf.dlp;
