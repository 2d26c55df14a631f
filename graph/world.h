/* world.h - the process's raptor world, shared by every open store. */
#ifndef KG_WORLD_H
#define KG_WORLD_H

#include <raptor2.h>

#include "internal.h"

/* Takes a reference to the raptor world (created on first use); NULL when
 * out of memory. Every acquire is paired with a release. */
raptor_world *kg_world_acquire(void);
void kg_world_release(void);
/* The world while at least one reference is held. */
raptor_world *kg_world(void);

/* A parse or a write with raptor runs between these (one at a time in
 * the process); a store's lock, when needed, is taken first. */
void kg_world_enter(void);
void kg_world_leave(void);

/* Routes raptor's log messages into `err` (first error wins) while set;
 * pass NULL to detach. `file` names the input in messages. */
void kg_world_capture(kg_error *err, const char *file);
/* 1 if an error was captured since the last kg_world_capture(). */
int kg_world_failed(void);

#endif
