/* fault.c - crash points for the durability tests (see fault.h). */
#include "fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void kg_fault(const char *point) {
  static const char *spec;
  static int read;
  static long hits;
  if (!read) {
    spec = getenv("KG_FAULT");
    read = 1;
  }
  if (!spec) return;
  size_t n = strcspn(spec, ":");
  if (strlen(point) != n || strncmp(spec, point, n)) return;
  long want = spec[n] == ':' ? atol(spec + n + 1) : 1;
  if (++hits >= want) kill(getpid(), SIGKILL);
}
