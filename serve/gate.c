/* gate.c - the store gate: shared or exclusive access to the one store
 * handle, with a deadline (see serve.h for why it is not a rwlock and
 * when readers pass freely). */
#include <errno.h>
#include <time.h>

#include "serve.h"

long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct timespec monotonic_at(long long ms) {
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
  return ts;
}

/* waits on the condition until deadline_ms (monotonic); -1 past it */
static int wait_until(gate *g, long long deadline_ms) {
  if (!deadline_ms) {
    pthread_cond_wait(&g->cv, &g->mu);
    return 0;
  }
  if (now_ms() >= deadline_ms) return -1;
  struct timespec ts = monotonic_at(deadline_ms);
  int rc = pthread_cond_timedwait(&g->cv, &g->mu, &ts);
  return rc == ETIMEDOUT && now_ms() >= deadline_ms ? -1 : 0;
}

int gate_enter(gate *g, int exclusive, long long deadline_ms) {
  if (!exclusive && g->free_reads) return 0;
  pthread_mutex_lock(&g->mu);
  int rc = 0;
  if (exclusive) {
    g->waiting_writers++;
    while (rc == 0 && (g->writer || g->readers))
      rc = wait_until(g, deadline_ms);
    g->waiting_writers--;
    if (rc == 0) g->writer = 1;
  } else {
    /* writers first, so a stream of readers cannot starve an update */
    while (rc == 0 && (g->writer || g->waiting_writers))
      rc = wait_until(g, deadline_ms);
    if (rc == 0) g->readers++;
  }
  if (rc != 0) pthread_cond_broadcast(&g->cv);
  pthread_mutex_unlock(&g->mu);
  return rc;
}

void gate_leave(gate *g, int exclusive) {
  if (!exclusive && g->free_reads) return;
  pthread_mutex_lock(&g->mu);
  if (exclusive) g->writer = 0;
  else g->readers--;
  pthread_cond_broadcast(&g->cv);
  pthread_mutex_unlock(&g->mu);
}
