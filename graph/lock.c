/* lock.c - a store handle's lock (see lock.h). */
#include "lock.h"

void lock_init(kg_lock *l) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&l->m, &a);
  pthread_mutexattr_destroy(&a);
  l->depth = 0;
}

void lock_destroy(kg_lock *l) { pthread_mutex_destroy(&l->m); }

void lock_enter(kg_lock *l) {
  pthread_mutex_lock(&l->m);
  l->depth++;
}

void lock_leave(kg_lock *l) {
  l->depth--;
  pthread_mutex_unlock(&l->m);
}

int lock_suspend(kg_lock *l) {
  int d = l->depth;
  l->depth = 0;
  for (int i = 0; i < d; i++) pthread_mutex_unlock(&l->m);
  return d;
}

void lock_resume(kg_lock *l, int depth) {
  for (int i = 0; i < depth; i++) pthread_mutex_lock(&l->m);
  l->depth = depth;
}

static _Thread_local char thread_token;

void *lock_thread(void) { return &thread_token; }
