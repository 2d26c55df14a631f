/* replay.c - runs a libFuzzer harness without libFuzzer: each file named
 * on the command line is fed once to LLVMFuzzerTestOneInput, so that
 * `make check` replays the corpus and every input that ever crashed with
 * gcc and the sanitizers. A crash ends the process (the suite fails). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* optional, as in libFuzzer */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0, got;
  unsigned char *b = malloc(cap);
  while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      unsigned char *nb = realloc(b, cap *= 2);
      if (!nb) free(b);
      b = nb;
    }
  }
  if (b && ferror(f)) {
    free(b);
    b = NULL;
  }
  fclose(f);
  *len = n;
  return b;
}

/* replay_TARGET FILE...: prints "ok FILE" for each file it ran. */
int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  int bad = 0;
  for (int i = 1; i < argc; i++) {
    size_t len = 0;
    unsigned char *data = slurp(argv[i], &len);
    if (!data) {
      fprintf(stderr, "cannot read %s\n", argv[i]);
      bad = 1;
      continue;
    }
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    printf("ok %s\n", argv[i]);
    fflush(stdout);
  }
  return bad;
}
