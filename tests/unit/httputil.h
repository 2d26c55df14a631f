/* httputil.h - a canned HTTP server on 127.0.0.1 for the unit suites
 * (SERVICE in test_engine.c, remote stores in test_remote.c): a child
 * process answers one request a connection with the next of its
 * responses and hands each request it read back through a pipe. */
#ifndef KG_HTTPUTIL_H
#define KG_HTTPUTIL_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

typedef struct kgt_http {
  pid_t pid;
  int port;
  int reqfd;  /* the requests, read end (after kgt_http_wait) */
} kgt_http;

/* An HTTP response with a body of `type` and status `status`: new. */
static inline char *kgt_http_response(int status, const char *type,
                                      const char *body) {
  size_t n = strlen(body) + 256;
  char *r = malloc(n);
  ck_assert_ptr_nonnull(r);
  snprintf(r, n, "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %zu"
                 "\r\nConnection: close\r\n\r\n%s",
           status, type, strlen(body), body);
  return r;
}

static void kgt_http_child(int lfd, int reqfd, char *const *responses,
                           int n) {
  for (int i = 0; i < n; i++) {
    int c = accept(lfd, NULL, NULL);
    if (c < 0) _exit(1);
    char buf[16384];
    size_t got = 0;
    /* the headers and the body (Content-Length) */
    for (;;) {
      ssize_t k = read(c, buf + got, sizeof buf - 1 - got);
      if (k <= 0) break;
      got += (size_t)k;
      buf[got] = '\0';
      char *end = strstr(buf, "\r\n\r\n");
      if (!end) continue;
      char *cl = strcasestr(buf, "Content-Length:");
      size_t body = cl ? (size_t)atol(cl + 15) : 0;
      if (got >= (size_t)(end + 4 - buf) + body) break;
    }
    if (write(reqfd, buf, got) < 0 ||
        write(c, responses[i], strlen(responses[i])) < 0)
      _exit(1);
    close(c);
  }
  _exit(0);
}

/* Starts the server with `n` responses (whole HTTP responses). */
static inline kgt_http kgt_http_start(char *const *responses, int n) {
  kgt_http h = {0};
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
  ck_assert_int_eq(listen(lfd, 4), 0);
  socklen_t al = sizeof a;
  getsockname(lfd, (struct sockaddr *)&a, &al);
  h.port = ntohs(a.sin_port);
  int p[2];
  ck_assert_int_eq(pipe(p), 0);
  h.pid = fork();
  if (h.pid == 0) {
    close(p[0]);
    kgt_http_child(lfd, p[1], responses, n);
  }
  close(p[1]);
  close(lfd);
  h.reqfd = p[0];
  return h;
}

/* Waits for the server to end (its responses spent, or killed) and reads
 * every request it saw into buf. */
static inline void kgt_http_wait(kgt_http *h, char *buf, size_t size) {
  size_t n = 0;
  ssize_t k;
  while ((k = read(h->reqfd, buf + n, size - 1 - n)) > 0) n += (size_t)k;
  buf[n] = '\0';
  close(h->reqfd);
  waitpid(h->pid, NULL, 0);
}

#endif /* KG_HTTPUTIL_H */
