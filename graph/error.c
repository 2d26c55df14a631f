/* error.c - status codes, their descriptions, and filling kg_error. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static const char *const status_text[] = {
  [KG_OK] = "ok",
  [KG_ERR_NOMEM] = "out of memory",
  [KG_ERR_IO] = "input/output error",
  [KG_ERR_NOTFOUND] = "not found",
  [KG_ERR_SYNTAX] = "syntax error",
  [KG_ERR_UNSUPPORTED] = "not supported",
  [KG_ERR_ARG] = "bad argument",
  [KG_ERR_LOCKED] = "store is locked",
  [KG_ERR_NOTSTORE] = "not a store",
  [KG_ERR_CORRUPT] = "store is corrupt",
  [KG_ERR_READONLY] = "store is read-only",
  [KG_ERR_EVAL] = "evaluation error",
  [KG_ERR_NET] = "network error",
  [KG_ERR_CANCELLED] = "cancelled",
  [KG_ERR_DENIED] = "not allowed",
  [KG_ERR_STATE] = "call out of order",
};

const char *kg_strerror(kg_status st) {
  if ((unsigned)st >= sizeof status_text / sizeof *status_text ||
      !status_text[st])
    return "unknown error";
  return status_text[st];
}

void kg_error_clear(kg_error *err) {
  if (!err) return;
  err->status = KG_OK;
  err->file[0] = '\0';
  err->line = err->column = 0;
  err->at_end = 0;
  err->message[0] = '\0';
}

static kg_status fill(kg_error *err, kg_status st, const char *file,
                      long line, long col, const char *fmt, va_list ap) {
  if (!err) return st;
  err->status = st;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  err->column = col;
  err->at_end = 0;
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  return st;
}

kg_status kg_err(kg_error *err, kg_status st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fill(err, st, NULL, 0, 0, fmt, ap);
  va_end(ap);
  return st;
}

kg_status kg_err_at(kg_error *err, kg_status st, const char *file, long line,
                    long col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fill(err, st, file, line, col, fmt, ap);
  va_end(ap);
  return st;
}

kg_status kg_err_errno(kg_error *err, const char *what, const char *path) {
  int e = errno;
  kg_status st = KG_ERR_IO;
  if (e == ENOENT || e == ENOTDIR) st = KG_ERR_NOTFOUND;
  else if (e == EACCES || e == EPERM || e == EROFS) st = KG_ERR_READONLY;
  else if (e == ENOMEM) st = KG_ERR_NOMEM;
  const char *hint = "";
  if (e == ENOSPC) hint = " (the disk is full; free space and retry)";
  else if (e == EACCES || e == EPERM) hint = " (check the permissions)";
  else if (e == ELOOP) {
    hint = ": a store's files are never opened through a symbolic link";
    return kg_err(err, st, "%s %s%s", what, path, hint);
  }
  return kg_err(err, st, "%s %s: %s%s", what, path, strerror(e), hint);
}

double kg_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
