/* func_hash.c - MD5, SHA1, SHA256, SHA384, SHA512 (GNU Nettle), UUID and STRUUID (random v4). */
#include "sparql/value/value_impl.h"

#include <nettle/md5.h>
#include <nettle/nettle-meta.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

static const char hexdig[] = "0123456789abcdef";

static void to_hex(const uint8_t *d, size_t n, char *out) {
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = hexdig[d[i] >> 4];
    out[2 * i + 1] = hexdig[d[i] & 15];
  }
  out[2 * n] = '\0';
}

/* Lowercase hex digest of s with one of Nettle's hash descriptors. */
static void digest_hex(const struct nettle_hash *h, const char *s, size_t n,
                       char *out) {
  union {
    struct md5_ctx md5;
    struct sha1_ctx sha1;
    struct sha256_ctx sha256;
    struct sha512_ctx sha512;
  } ctx;
  uint8_t d[SHA512_DIGEST_SIZE];
  h->init(&ctx);
  h->update(&ctx, n, (const uint8_t *)s);
  h->digest(&ctx, h->digest_size, d);
  to_hex(d, h->digest_size, out);
}

void sp_sha256_hex(const char *s, size_t n, char out[65]) {
  digest_hex(&nettle_sha256, s, n, out);
}

sp_val spf_hash(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)n;
  const struct nettle_hash *h;
  switch (fn) {
    case SP_FN_MD5: h = &nettle_md5; break;
    case SP_FN_SHA1: h = &nettle_sha1; break;
    case SP_FN_SHA256: h = &nettle_sha256; break;
    case SP_FN_SHA384: h = &nettle_sha384; break;
    default: h = &nettle_sha512; break;
  }
  if (!sp_is_str(a))
    return sp_err(c, "hash functions need a simple literal or xsd:string");
  char out[2 * SHA512_DIGEST_SIZE + 1];
  digest_hex(h, a->lex, a->len, out);
  return sp_val_string(c, out, 2 * h->digest_size, 1);
}

/* UUID: <urn:uuid:...>; STRUUID: the same form as a simple literal. */
sp_val spf_uuid(sp_fctx *c, sp_builtin fn, const sp_val *a, int n) {
  (void)a, (void)n;
  unsigned char b[16];
  char s[48], *p = s;
  sp_random_bytes(c, b, sizeof b);
  b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
  b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
  if (fn == SP_FN_UUID) p += sprintf(p, "urn:uuid:");
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
    *p++ = hexdig[b[i] >> 4];
    *p++ = hexdig[b[i] & 15];
  }
  *p = '\0';
  if (fn == SP_FN_UUID) return sp_val_iri(c, s, (size_t)(p - s), 1);
  return sp_val_string(c, s, (size_t)(p - s), 1);
}
