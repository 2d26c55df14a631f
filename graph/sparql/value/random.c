/* random.c - the one random source of the functions: RAND's per-query
 * generator and the bytes of UUID/STRUUID, each seeding the other. */
#include "sparql/value/value_impl.h"

#include <sys/random.h>
#include <time.h>

/* xorshift64*, seeded from the system on first use. */
uint64_t sp_rand_next(sp_fctx *c) {
  if (!c->rand_state) {
    unsigned char b[8];
    sp_random_bytes(NULL, b, sizeof b);
    for (int i = 0; i < 8; i++) c->rand_state = c->rand_state << 8 | b[i];
    if (!c->rand_state) c->rand_state = 0x9E3779B97F4A7C15ULL;
  }
  uint64_t x = c->rand_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  c->rand_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

void sp_random_bytes(sp_fctx *c, unsigned char *out, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(out + got, n - got, GRND_NONBLOCK);
    if (r <= 0) break;
    got += (size_t)r;
  }
  if (got == n) return;
  /* No system randomness: the query's generator, or time and address. */
  uint64_t x = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)out;
  for (; got < n; got++) {
    if (c) {
      x = sp_rand_next(c);
    } else { /* splitmix64 step */
      x += 0x9E3779B97F4A7C15ULL;
      x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
      x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
      x ^= x >> 31;
    }
    out[got] = (unsigned char)x;
  }
}
