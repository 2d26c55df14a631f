/* explain.h - the plan a query ran with, for `.explain analyze`. */
#ifndef SP_EXPLAIN_H
#define SP_EXPLAIN_H

#include "sparql/eval/eval.h"

/* Appends q's plan to `out`: an operator a line with its estimated and
 * actual rows from the profile of a run (p, filled while q ran). */
void sp_plan_print(const sp_query *q, const ev_prof *p, strbuf *out);

#endif
