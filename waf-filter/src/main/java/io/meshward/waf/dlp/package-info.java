/**
 * Data-loss prevention: sensors that find sensitive data (payment cards, national ids, credentials, keys) in
 * requests and responses, validate candidates (Luhn, mod-97, SSN ranges, token structure) and report, block or mask
 * them. A text is read only where a pattern can match: one pass over its bytes, with a class table, finds for all
 * patterns at once the places where the rare literals some patterns need occur (PEM armour, token prefixes) and the
 * runs of the small alphabets of the others (digits and separators); only there do the patterns' automata, regexes and
 * validators run, and they find exactly what a plain regex search of the whole text finds. What is found is never
 * logged or reported raw: findings carry a masked sample.
 */
package io.meshward.waf.dlp;
