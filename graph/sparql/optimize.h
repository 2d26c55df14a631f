/* optimize.h - rewrites of the algebra before evaluation. */
#ifndef SP_OPTIMIZE_H
#define SP_OPTIMIZE_H

#include "sparql/eval/eval.h"

/* Folds constant expressions of the query (FILTER, BIND, ORDER BY, ...)
 * into constants, evaluated once with cx's function context, and marks an
 * ORDER BY under a LIMIT as a top-k (sp_node.topk). */
void sp_optimize(ev_ctx *cx, sp_query *q);
void sp_optimize_node(ev_ctx *cx, sp_node *n);

#endif
