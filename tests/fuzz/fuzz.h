/* fuzz.h - what the harnesses share: fuzzed bytes as a C string, and the
 * test that keeps a statement that reaches outside (LOAD, SERVICE) from
 * running: a fuzzer must not read /dev/zero or the network. */
#ifndef KG_FUZZ_H
#define KG_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A NUL-terminated copy (free()); NULL when out of memory. */
static inline char *fuzz_text(const uint8_t *data, size_t size) {
  char *t = malloc(size + 1);
  if (!t) return NULL;
  if (size) memcpy(t, data, size);
  t[size] = '\0';
  return t;
}

/* 1 if the text holds LOAD or SERVICE in any case (also inside strings
 * and names: a few inputs are only checked, never wrongly run). */
static inline int fuzz_reaches_out(const char *t) {
  static const char *const words[] = {"load", "service"};
  for (const char *p = t; *p; p++)
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
      if (!strncasecmp(p, words[i], strlen(words[i]))) return 1;
  return 0;
}

#endif /* KG_FUZZ_H */
