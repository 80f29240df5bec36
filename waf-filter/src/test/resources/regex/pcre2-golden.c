/*
 * Produces the PCRE2 reference results behind pcre2-crs-v4.tsv (test data, not part of the build).
 *
 *   gcc -O2 -o pcre2-golden pcre2-golden.c -lpcre2-8     (Debian: libpcre2-dev)
 *   ./pcre2-golden patterns.hex payloads.hex > results.txt
 *
 * Each input line is one pattern / payload, hex-encoded bytes, in CrsCorpus.rxPatterns / CrsRegexAgreementTest.corpus
 * order. Patterns are compiled as libmodsecurity compiles @rx: PCRE2_DOTALL | PCRE2_MULTILINE, no UTF, then JIT.
 * Output: "<pattern> <payload> m <start> <end>" per match, "<pattern> <payload> e <rc>" per error.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *unhex(const char *s, size_t *len) {
  size_t n = strlen(s) / 2; unsigned char *out = malloc(n + 1);
  for (size_t i = 0; i < n; i++) { unsigned int v; sscanf(s + 2 * i, "%2x", &v); out[i] = (unsigned char) v; }
  out[n] = 0; *len = n; return out;
}
static char **readlines(const char *path, size_t *count) {
  FILE *f = fopen(path, "r"); size_t cap = 1024, n = 0; char **lines = malloc(cap * sizeof(char *));
  char *line = NULL; size_t sz = 0; ssize_t r;
  while ((r = getline(&line, &sz, f)) != -1) {
    if (r > 0 && line[r - 1] == '\n') line[r - 1] = 0;
    if (n == cap) { cap *= 2; lines = realloc(lines, cap * sizeof(char *)); }
    lines[n++] = strdup(line);
  }
  fclose(f); *count = n; return lines;
}
int main(int argc, char **argv) {
  size_t np, ni; char **pats = readlines(argv[1], &np); char **ins = readlines(argv[2], &ni);
  unsigned char **inb = malloc(ni * sizeof(unsigned char *)); size_t *inl = malloc(ni * sizeof(size_t));
  for (size_t i = 0; i < ni; i++) inb[i] = unhex(ins[i], &inl[i]);
  pcre2_match_context *mctx = pcre2_match_context_create(NULL);
  pcre2_set_match_limit(mctx, 5000000);
  pcre2_jit_stack *stack = pcre2_jit_stack_create(32 * 1024, 16 * 1024 * 1024, NULL);
  pcre2_jit_stack_assign(mctx, NULL, stack);
  for (size_t p = 0; p < np; p++) {
    size_t plen; unsigned char *pat = unhex(pats[p], &plen);
    int err; PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile(pat, plen, PCRE2_DOTALL | PCRE2_MULTILINE, &err, &erroff, NULL);
    if (!re) { printf("%zu -1 compile-error %d\n", p, err); continue; }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    for (size_t i = 0; i < ni; i++) {
      int rc = pcre2_match(re, inb[i], inl[i], 0, 0, md, mctx);
      if (rc >= 0 || rc == 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        printf("%zu %zu m %zu %zu\n", p, i, (size_t) ov[0], (size_t) ov[1]);
      } else if (rc != PCRE2_ERROR_NOMATCH) {
        printf("%zu %zu e %d\n", p, i, rc);
      }
    }
    pcre2_match_data_free(md); pcre2_code_free(re); free(pat);
  }
  return 0;
}
