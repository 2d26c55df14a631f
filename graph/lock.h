/* lock.h - the lock of a store handle: one thread at a time runs a call
 * on it (recursive, since calls make calls), let go whole while a writer
 * waits for another process's write lock. */
#ifndef KG_LOCK_H
#define KG_LOCK_H

#include <pthread.h>

typedef struct kg_lock {
  pthread_mutex_t m;
  int depth;        /* levels the owning thread holds */
} kg_lock;

void lock_init(kg_lock *l);
void lock_destroy(kg_lock *l);
void lock_enter(kg_lock *l);
void lock_leave(kg_lock *l);
/* Lets every level go (the holder waits for something else); returns
 * them for lock_resume. */
int lock_suspend(kg_lock *l);
void lock_resume(kg_lock *l, int depth);

/* The calling thread's token: distinct for every live thread (cheaper
 * and more portable to compare than pthread_t). */
void *lock_thread(void);

#endif
